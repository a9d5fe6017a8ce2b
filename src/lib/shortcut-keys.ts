// The console's keyboard shortcuts: which keys do what, and when a key press counts as one.

export type ShortcutAction =
  | 'focus-search'
  | 'reload'
  | 'go-history'
  | 'go-status'
  | 'next-operation'
  | 'previous-operation'
  | 'help'

export interface Shortcut {
  action: ShortcutAction
  /** The keys in order, as `KeyboardEvent.key` gives them: `['g', 'h']` is "g, then h". */
  keys: readonly string[]
  description: string
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'focus-search', keys: ['/'], description: 'Search companies by name' },
  { action: 'reload', keys: ['r'], description: 'Reload what this screen shows' },
  { action: 'go-status', keys: ['g', 's'], description: 'Go to the company’s data status' },
  { action: 'go-history', keys: ['g', 'h'], description: 'Go to the company’s history' },
  {
    action: 'next-operation',
    keys: ['j'],
    description: 'On a pull operation: the next one down the list (older)',
  },
  {
    action: 'previous-operation',
    keys: ['k'],
    description: 'On a pull operation: the next one up the list (newer)',
  },
  { action: 'help', keys: ['?'], description: 'Show these shortcuts' },
]

/** How long after the first key of a sequence ("g") the second still counts. */
export const SEQUENCE_MS = 1500

/** What the handler knows about a key press. */
export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** Typing in a field, or an input method composing a character: never a shortcut. */
  isTyping: boolean
  timeMs: number
}

/** The first key of a sequence waiting for its second, and when it was pressed. */
export interface PendingKey {
  key: string
  timeMs: number
}

export interface KeyResult {
  action?: ShortcutAction
  /** Set when this press starts a sequence. */
  pending?: PendingKey
}

const STARTS = new Set(SHORTCUTS.filter((s) => s.keys.length > 1).map((s) => s.keys[0]))

/**
 * Reads one key press, given the sequence it may finish. Modifier keys (Ctrl, Meta, Alt) and
 * typing never count, so browser and system shortcuts and text entry are left alone; Shift is
 * allowed, since `?` needs it on most layouts.
 */
export function readKeyPress(press: KeyPress, pending: PendingKey | undefined): KeyResult {
  if (press.ctrlKey || press.metaKey || press.altKey || press.isTyping) return {}
  const isInTime = pending !== undefined && press.timeMs - pending.timeMs <= SEQUENCE_MS
  if (isInTime) {
    const finished = SHORTCUTS.find(
      (s) => s.keys.length === 2 && s.keys[0] === pending.key && s.keys[1] === press.key,
    )
    if (finished) return { action: finished.action }
  }
  if (STARTS.has(press.key)) return { pending: { key: press.key, timeMs: press.timeMs } }
  const single = SHORTCUTS.find((s) => s.keys.length === 1 && s.keys[0] === press.key)
  return single ? { action: single.action } : {}
}
