/**
 * One of several processes racing for a data directory's lock (system.test.ts): waits until the agreed moment, tries
 * to take the lock, prints "won" or "lost". The winner holds the lock for a while and then exits without releasing it,
 * so the next round also races over a stale lock.
 */
import { acquireDirectoryLock, DataDirLockedError } from '../../src/db/embedded-postgres.ts';

const [dataDir, startAt, holdMs] = process.argv.slice(2).map(String);
while (Date.now() < Number(startAt)) {
  // spin: every contender tries at the same moment
}
try {
  acquireDirectoryLock(dataDir!);
  process.stdout.write('won');
  setTimeout(() => process.exit(0), Number(holdMs));
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  process.stdout.write('lost');
}
