// The ended bulk job an operator dismissed, remembered in this browser so a reload does not bring it back.
import { useState } from 'react'

const DISMISSED_KEY = 'fleet.bulk.dismissed'

function read(): string | null {
  try {
    return window.localStorage.getItem(DISMISSED_KEY)
  } catch {
    return null
  }
}

export function useDismissedJob(): [string | null, (id: string) => void] {
  const [dismissed, setDismissed] = useState(read)
  const dismiss = (id: string) => {
    setDismissed(id)
    try {
      window.localStorage.setItem(DISMISSED_KEY, id)
    } catch {
      // Private windows may refuse storage: it is then dismissed until the reload.
    }
  }
  return [dismissed, dismiss]
}
