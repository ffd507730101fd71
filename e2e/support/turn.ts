import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.js';

export interface RunningTurn {
  /** `turn:127.0.0.1:<port>` (UDP), for TURN_URLS or an RTCIceServer. */
  readonly url: string;
  /** `turns:127.0.0.1:<port>?transport=tcp` (TURN over TLS) when started with `tls: true`. */
  readonly tlsUrl: string | undefined;
  /**
   * Base64 SHA-256 of the TLS certificate's public key, for Chromium's
   * `--ignore-certificate-errors-spki-list`: Chromium checks a `turns:` server's certificate like a
   * web page's, so a browser trusts this self-signed one only when told to.
   */
  readonly tlsSpki: string | undefined;
  readonly secret: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  logs(): string;
}

const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

/**
 * A real coturn (Debian's `coturn`) on loopback with the TURN REST secret, as in ../shared/E2E.md:
 * its own port range and temp folder, loopback peers allowed (everything here is 127.0.0.1).
 * `tls: true` adds a TLS listener (`turns:`) with a self-signed certificate made for this run.
 */
export async function startTurn(secret: string, { tls = false } = {}): Promise<RunningTurn> {
  if (!existsSync(TURNSERVER)) {
    throw new Error(`${TURNSERVER} is missing: apt-get install coturn (or set TURNSERVER_PATH)`);
  }
  const port = await freePort();
  const tlsPort = tls ? await freePort() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'parley-turn-'));
  const certificate = tlsPort ? selfSignedCertificate(dir) : undefined;
  const tlsArgs = certificate
    ? [`--tls-listening-port=${tlsPort}`, `--cert=${certificate.cert}`, `--pkey=${certificate.key}`]
    : ['--no-tls'];
  const minPort = 40000 + Math.floor(Math.random() * 20000);
  let log = '';
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const spawnOnce = async () => {
    const proc = spawn(
      TURNSERVER,
      [
        '-n',
        '--listening-ip=127.0.0.1',
        '--relay-ip=127.0.0.1',
        `--listening-port=${port}`,
        '--use-auth-secret',
        `--static-auth-secret=${secret}`,
        '--realm=parley.test',
        ...tlsArgs,
        '--no-dtls',
        '--no-cli',
        '--allow-loopback-peers',
        `--min-port=${minPort}`,
        `--max-port=${minPort + 100}`,
        '--fingerprint',
        '--log-file=stdout',
        '--simple-log',
        `--pidfile=${join(dir, 'turn.pid')}`,
        `--db=${join(dir, 'turndb')}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    proc.stdout?.setEncoding('utf8').on('data', (t: string) => {
      log += t;
    });
    proc.stderr?.setEncoding('utf8').on('data', (t: string) => {
      log += t;
    });
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    // coturn prints this once its listeners are up.
    const deadline = Date.now() + 10_000;
    while (!/(listener opened on|Total General servers)/i.test(log)) {
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`coturn did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };

  await spawnOnce();
  return {
    url: `turn:127.0.0.1:${port}`,
    tlsUrl: tlsPort ? `turns:127.0.0.1:${tlsPort}?transport=tcp` : undefined,
    tlsSpki: certificate?.spki,
    secret,
    kill,
    restart: async () => {
      await kill();
      await spawnOnce();
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
    logs: () => log,
  };
}

/** A throwaway key and self-signed certificate for 127.0.0.1 (openssl, as the README's local try). */
function selfSignedCertificate(dir: string): { cert: string; key: string; spki: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', ...subject];
  execFileSync('openssl', [...args, '-keyout', key, '-out', cert], { stdio: 'pipe' });
  const publicKey = new X509Certificate(readFileSync(cert)).publicKey.export({ type: 'spki', format: 'der' });
  return { cert, key, spki: createHash('sha256').update(publicKey).digest('base64') };
}
