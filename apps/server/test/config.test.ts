import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATA_DIR, DEFAULT_WEB_DIST, type Env, loadConfig } from '../src/config.js';

const problem = (env: Env): string => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a config error');
};

describe('config', () => {
  it('has defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: undefined,
      iceServers: [],
      maxPeers: 8,
      corsOrigins: [],
      logLevel: 'info',
      webDist: DEFAULT_WEB_DIST,
      turn: undefined,
      iceTransportPolicy: 'all',
      sessionSecret: undefined,
      graceMs: 15_000,
      uplinkBudgetBps: undefined,
      maxKnocksPerRoom: 20,
      wrongPasswordDelayMs: 500,
      redisUrl: undefined,
      dataDir: DEFAULT_DATA_DIR,
      metricsToken: undefined,
      maxSocketsPerIp: 50,
      joinsPerMinutePerIp: 60,
      turnCredentialsPerMinutePerIp: 30,
      maxConnections: 10_000,
      trustProxy: 0,
    });
    expect(DEFAULT_WEB_DIST).toMatch(/apps\/web\/dist$/);
    expect(DEFAULT_DATA_DIR).toMatch(/apps\/server\/data$/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      ICE_SERVERS:
        '[{"urls":"stun:stun.example.org:3478"},{"urls":["turn:t.example.org"],"username":"u","credential":"c"}]',
      MAX_PEERS: '12',
      CORS_ORIGINS: 'https://a.example.com, http://localhost:5173',
      LOG_LEVEL: 'debug',
      WEB_DIST: '/srv/parley/web',
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349',
      TURN_SECRET: 's3cret',
      TURN_TTL: '600',
      ICE_TRANSPORT_POLICY: 'relay',
      SESSION_SECRET: 'a-long-enough-session-secret',
      RECONNECT_GRACE_MS: '5000',
      UPLINK_BUDGET_KBPS: '1500',
      MAX_KNOCKS_PER_ROOM: '5',
      REDIS_URL: 'redis://:pw@redis:6379/0',
      DATA_DIR: '/var/lib/parley',
      METRICS_TOKEN: 'a-long-enough-metrics-token',
      MAX_SOCKETS_PER_IP: '20',
      JOINS_PER_MINUTE_PER_IP: '30',
      TURN_CREDENTIALS_PER_MINUTE_PER_IP: '10',
      MAX_CONNECTIONS: '5000',
      TRUST_PROXY: '1',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      iceServers: [
        { urls: 'stun:stun.example.org:3478' },
        { urls: ['turn:t.example.org'], username: 'u', credential: 'c' },
      ],
      maxPeers: 12,
      corsOrigins: ['https://a.example.com', 'http://localhost:5173'],
      logLevel: 'debug',
      webDist: '/srv/parley/web',
      turn: {
        urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
        secret: 's3cret',
        ttlSeconds: 600,
      },
      iceTransportPolicy: 'relay',
      sessionSecret: 'a-long-enough-session-secret',
      graceMs: 5000,
      uplinkBudgetBps: 1_500_000,
      maxKnocksPerRoom: 5,
      wrongPasswordDelayMs: 500,
      redisUrl: 'redis://:pw@redis:6379/0',
      dataDir: '/var/lib/parley',
      metricsToken: 'a-long-enough-metrics-token',
      maxSocketsPerIp: 20,
      joinsPerMinutePerIp: 30,
      turnCredentialsPerMinutePerIp: 10,
      maxConnections: 5000,
      trustProxy: 1,
    });
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(0);
  });

  it('treats empty values as unset and accepts ICE_SERVERS=[]', () => {
    expect(loadConfig({ PORT: '', MAX_PEERS: '  ', ICE_SERVERS: '[]' })).toMatchObject({
      port: 3000,
      maxPeers: 8,
      iceServers: [],
    });
  });

  it.each([
    [{ MAX_PEERS: 'abc' }, 'MAX_PEERS must be an integer between 2 and 50 (got "abc")'],
    [
      { RECONNECT_GRACE_MS: 'soon' },
      'RECONNECT_GRACE_MS must be an integer between 0 and 600000 (got "soon")',
    ],
    [{ UPLINK_BUDGET_KBPS: '20' }, 'UPLINK_BUDGET_KBPS must be an integer between 100 and 100000 (got "20")'],
    [{ ICE_TRANSPORT_POLICY: 'tcp' }, 'ICE_TRANSPORT_POLICY must be all or relay (got "tcp")'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET must be at least 16 characters'],
    [{ MAX_PEERS: '1' }, 'MAX_PEERS must be an integer between 2 and 50 (got "1")'],
    [{ MAX_PEERS: '51' }, 'MAX_PEERS must be an integer between 2 and 50 (got "51")'],
    [{ MAX_PEERS: '8.5' }, 'MAX_PEERS must be an integer between 2 and 50 (got "8.5")'],
    [{ PORT: '70000' }, 'PORT must be an integer between 0 and 65535 (got "70000")'],
    [{ PORT: '-1' }, 'PORT must be an integer between 0 and 65535 (got "-1")'],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
    [{ CORS_ORIGINS: 'example.com' }, 'CORS_ORIGINS must be a comma-separated list of origins'],
    [
      { CORS_ORIGINS: 'https://a.example.com/path' },
      'CORS_ORIGINS must be a comma-separated list of origins',
    ],
    [{ ICE_SERVERS: 'stun:x' }, 'ICE_SERVERS must be a JSON list of RTCIceServer objects'],
    [{ ICE_SERVERS: '{"urls":"stun:x"}' }, 'ICE_SERVERS must be a JSON list of RTCIceServer objects'],
    [{ ICE_SERVERS: '[{"urls":"http://x"}]' }, 'ICE_SERVERS must be a JSON list of RTCIceServer objects'],
    [{ ICE_SERVERS: '[{"url":"stun:x"}]' }, 'ICE_SERVERS must be a JSON list of RTCIceServer objects'],
    [{ TURN_URLS: 'turn:x' }, 'TURN_URLS and TURN_SECRET must be set together'],
    [{ TURN_SECRET: 'x' }, 'TURN_URLS and TURN_SECRET must be set together'],
    [
      { TURN_URLS: 'stun:x', TURN_SECRET: 'x' },
      'TURN_URLS must be a comma-separated list of turn: or turns: URLs',
    ],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 characters'],
    [{ MAX_SOCKETS_PER_IP: '0' }, 'MAX_SOCKETS_PER_IP must be an integer between 1 and 1000000 (got "0")'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY must be true, false, or the number of proxies in front (0-10)'],
  ])('refuses %o in one clear line', (env, expected) => {
    const message = problem(env);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
    expect(message.split('; ')).toHaveLength(1);
  });

  it('never echoes secrets', () => {
    expect(problem({ REDIS_URL: 'http://user:hunter2@cache' })).not.toContain('hunter2');
    expect(problem({ METRICS_TOKEN: 'hunter2' })).not.toContain('hunter2');
  });

  it('reports every problem at once, still on one line', () => {
    const message = problem({ PORT: 'x', MAX_PEERS: '0', LOG_LEVEL: 'nope' });
    expect(message.split('; ').map((p) => p.split(' ')[0])).toEqual(['PORT', 'MAX_PEERS', 'LOG_LEVEL']);
    expect(message).not.toContain('\n');
  });

  it('shortens a long bad value', () => {
    const message = problem({ ICE_SERVERS: `[${'x'.repeat(500)}]` });
    expect(message.length).toBeLessThan(300);
  });
});
