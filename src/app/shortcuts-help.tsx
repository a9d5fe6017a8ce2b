// "Keyboard shortcuts": the header's button and "?" open the list of shortcuts in a dialog.
import { useState } from 'react'
import { ModalDialog } from '../components/modal-dialog.tsx'
import { useShortcut } from '../components/use-shortcut.ts'
import { SHORTCUTS } from '../lib/shortcut-keys.ts'

export function ShortcutsHelp() {
  const [isOpen, setIsOpen] = useState(false)
  useShortcut('help', () => setIsOpen(true))
  return (
    <>
      <button
        type="button"
        className="small shortcuts-button"
        aria-haspopup="dialog"
        onClick={() => setIsOpen(true)}
      >
        <span aria-hidden="true">⌨</span> Keyboard shortcuts
      </button>
      {isOpen && (
        <ModalDialog
          title="Keyboard shortcuts"
          onClose={() => setIsOpen(false)}
          className="shortcuts-dialog"
        >
          <table className="shortcuts-table">
            <caption className="muted">
              They do nothing while you type in a field, or with Ctrl, Alt or ⌘ held.
            </caption>
            <thead className="visually-hidden">
              <tr>
                <th scope="col">Keys</th>
                <th scope="col">What they do</th>
              </tr>
            </thead>
            <tbody>
              {SHORTCUTS.map((shortcut) => (
                <tr key={shortcut.action}>
                  <td>
                    {shortcut.keys.map((key, index) => (
                      <span key={key}>
                        {index > 0 && <span className="muted"> then </span>}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{shortcut.description}</td>
                </tr>
              ))}
              <tr>
                <td>
                  <kbd>Esc</kbd>
                </td>
                <td>Close this list</td>
              </tr>
            </tbody>
          </table>
          <div className="row dialog-actions">
            <button type="button" autoFocus onClick={() => setIsOpen(false)}>
              Close
            </button>
          </div>
        </ModalDialog>
      )}
    </>
  )
}
