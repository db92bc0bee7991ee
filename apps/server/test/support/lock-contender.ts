/**
 * One of several processes racing for a data directory's lock (system.test.ts): waits until the agreed moment, tries
 * to take the lock, prints "won" or "lost". The winner holds the lock until its stdin closes (the test closes it once
 * every contender has answered, so no late contender can find the winner gone), then exits without releasing it.
 */
import { acquireDirectoryLock, DataDirLockedError } from '../../src/db/embedded-postgres.ts';

const [dataDir, startAt] = process.argv.slice(2).map(String);
while (Date.now() < Number(startAt)) {
  // spin: every contender tries at the same moment
}
try {
  acquireDirectoryLock(dataDir!);
  process.stdout.write('won');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  process.stdout.write('lost');
}
