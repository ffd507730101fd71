import { openSync, writeSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A camera picture that needs more bits than any budget gives it: a Y4M clip of grey noise for
 * Chrome's `--use-file-for-fake-video-capture` (which loops it). Chrome's own fake camera draws a
 * simple animation that a VP8 encoder codes at a few hundred kbit/s whatever the cap, so it cannot
 * show whether a sender keeps to its maxBitrate; noise can. Seeded, so every run sees the same clip.
 */
export function writeBusyClip(
  width: number,
  height: number,
  fps: number,
  seconds = 2,
): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-camera-'));
  const file = join(dir, `noise-${width}x${height}@${fps}.y4m`);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    const luma = width * height;
    const frame = Buffer.alloc(luma + 2 * (luma / 4), 128);
    let state = 0x2545f491;
    for (let i = 0; i < fps * seconds; i++) {
      for (let p = 0; p < luma; p++) {
        // xorshift32: fast, and the same clip on every run.
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        frame[p] = state & 0xff;
      }
      writeSync(fd, 'FRAME\n');
      writeSync(fd, frame);
    }
  } finally {
    closeSync(fd);
  }
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return { file, remove };
}
