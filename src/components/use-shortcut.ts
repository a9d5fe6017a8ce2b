// Binds a keyboard shortcut to what the screen on show does with it; one listener for the page.
import { useEffect, useRef } from 'react'
import { readKeyPress, type PendingKey, type ShortcutAction } from '../lib/shortcut-keys.ts'

type Handler = () => void

/** Newest last: a screen's own handler wins over the frame's while it is mounted. */
const handlers: { action: ShortcutAction; run: { current: Handler | undefined } }[] = []
let pending: PendingKey | undefined
let isListening = false

/** Fields take keys as text; a key pressed there is typing, not a shortcut. */
function isTypingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  return (
    target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !==
    null
  )
}

function onKeyDown(event: KeyboardEvent) {
  if (event.defaultPrevented || event.repeat) return
  // A modal dialog (a confirmation, the shortcuts list) owns the keyboard until it closes.
  const isDialogOpen = document.querySelector('dialog[open]') !== null
  const result = readKeyPress(
    {
      key: event.key,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      altKey: event.altKey,
      isTyping: event.isComposing || isTypingIn(event.target) || isDialogOpen,
      timeMs: event.timeStamp,
    },
    pending,
  )
  pending = result.pending
  if (!result.action) return
  const handler = handlers.findLast((h) => h.action === result.action && h.run.current)
  if (!handler) return
  // "/" would otherwise open the browser's quick find, and the key must not land in the field.
  event.preventDefault()
  handler.run.current?.()
}

/**
 * While the calling component is mounted, `action`'s keys run `handler`; an undefined handler
 * (nothing to go to) leaves the keys to any other binding and to the browser.
 */
export function useShortcut(action: ShortcutAction, handler: Handler | undefined) {
  const run = useRef(handler)
  useEffect(() => {
    run.current = handler
  })
  useEffect(() => {
    if (!isListening) {
      document.addEventListener('keydown', onKeyDown)
      isListening = true
    }
    const entry = { action, run }
    handlers.push(entry)
    return () => {
      handlers.splice(handlers.indexOf(entry), 1)
    }
  }, [action])
}
