// One process per embedded store: a lock file in FLEET_DATA_DIR that a second process finds and stops at.
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  utimesSync,
  writeSync,
  statSync,
} from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

export const LOCK_FILE = 'console.lock'

/**
 * A holder on another machine (a folder shared over the network, a container with a new name)
 * cannot be asked whether it lives: it touches the file this often, and one untouched for
 * STALE_AFTER_MS is taken to be dead.
 */
const TOUCH_EVERY_MS = 10_000
const STALE_AFTER_MS = 60_000

interface Holder {
  pid: number
  host: string
}

export interface FolderLock {
  release(): void
}

export class FolderInUseError extends Error {
  override readonly name = 'FolderInUseError'
  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    const who =
      holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`
    super(
      `the folder ${dataDir} is in use by another console process (${who}), and the embedded ` +
        'store serves one process. Stop that one, give this one its own folder with ' +
        'FLEET_DATA_DIR, or share a PostgreSQL between them with DATABASE_URL.',
    )
  }
}

function readHolder(path: string): { text: string; holder: Holder | undefined } | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  try {
    const parsed = JSON.parse(text) as Partial<Holder>
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string')
      return { text, holder: { pid: parsed.pid, host: parsed.host } }
  } catch {
    // Half-written or not ours: judged by its age below.
  }
  return { text, holder: undefined }
}

function isAlive(path: string, holder: Holder | undefined): boolean {
  if (holder && holder.host === hostname()) {
    // Our own pid is a previous life of this process's slot (a container restarted, say).
    if (holder.pid === process.pid) return false
    try {
      process.kill(holder.pid, 0)
      return true
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM'
    }
  }
  try {
    return Date.now() - statSync(path).mtimeMs < (holder ? STALE_AFTER_MS : TOUCH_EVERY_MS)
  } catch {
    return false
  }
}

/**
 * Moves a dead holder's file aside. Renaming is atomic: when two processes break the same stale
 * lock, one moves it; if what it moved turns out to be a live holder's new file, it goes back.
 */
function breakStale(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}`
  try {
    renameSync(path, aside)
  } catch {
    return
  }
  if (readFileSync(aside, 'utf8') !== staleText) {
    try {
      linkSync(aside, path)
    } catch {
      // Someone else holds it by now; their file stands.
    }
  }
  unlinkSync(aside)
}

/** Takes the folder for this process, or throws FolderInUseError naming the holder. */
export function lockFolder(dataDir: string): FolderLock {
  const path = join(dataDir, LOCK_FILE)
  const mine = JSON.stringify({ pid: process.pid, host: hostname() })
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const fd = openSync(path, 'wx')
      try {
        writeSync(fd, mine)
      } finally {
        closeSync(fd)
      }
      return hold(path, mine)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const found = readHolder(path)
    if (!found) continue
    if (isAlive(path, found.holder))
      throw new FolderInUseError(dataDir, found.holder ?? { pid: 0, host: 'unknown' })
    breakStale(path, found.text)
  }
  throw new Error(`Could not take the lock file ${path}`)
}

function hold(path: string, mine: string): FolderLock {
  const touch = setInterval(() => {
    const now = new Date()
    try {
      utimesSync(path, now, now)
    } catch {
      // The folder went away; closing the store will say so.
    }
  }, TOUCH_EVERY_MS)
  touch.unref()
  const release = () => {
    clearInterval(touch)
    process.removeListener('exit', release)
    // Only our own file: never a holder's that came after us.
    if (readHolder(path)?.text === mine) unlinkSync(path)
  }
  // A process that ends without closing the store (an uncaught error) still lets the folder go.
  process.on('exit', release)
  return { release }
}
