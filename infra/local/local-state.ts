import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { localClockOffset, setLocalClockOffset } from '../../shared/adapters/clock.js';

/**
 * What `DATA_DIR=path npm start` keeps across restarts, in that directory:
 * - `dynamodb/`: DynamoDB Local's database files (every processor, client, key hash, contract, list
 *   version, notice, token hash, decision and outcome);
 * - `local-clock.json`: how far POST /_local/clock has moved the clock, so a window that was due stays
 *   due. Without DATA_DIR both live in memory and die with the process.
 */
export interface LocalDataDir {
  root: string;
  dynamoDbPath: string;
  /** Puts the kept clock offset back (0 when none was kept). */
  restoreClock(): void;
  /** Keeps the current clock offset; called each time the clock moves, so a kill -9 loses nothing. */
  saveClock(): void;
}

const ClockFile = z.object({ offsetMs: z.number().finite() });

export function localDataDir(path: string): LocalDataDir {
  const root = resolve(path);
  // DynamoDB Local runs with its own working directory: its -dbPath must be absolute.
  const dynamoDbPath = join(root, 'dynamodb');
  mkdirSync(dynamoDbPath, { recursive: true });
  const clockFile = join(root, 'local-clock.json');
  return {
    root,
    dynamoDbPath,
    restoreClock() {
      let text: string;
      try {
        text = readFileSync(clockFile, 'utf8');
      } catch {
        setLocalClockOffset(0);
        return;
      }
      const parsed = ClockFile.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${clockFile} is not a kept clock: ${parsed.error.message}`);
      setLocalClockOffset(parsed.data.offsetMs);
    },
    saveClock() {
      // Written beside, then renamed: a crash mid-write leaves the previous file, not half of one.
      writeFileSync(`${clockFile}.tmp`, `${JSON.stringify({ offsetMs: localClockOffset() })}\n`);
      renameSync(`${clockFile}.tmp`, clockFile);
    },
  };
}
