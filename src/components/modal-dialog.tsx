// The console's one modal: the platform's <dialog>, focus trapped, Escape closes, focus returns.
// Render it only while open: it has its own title id, so two dialogs on a page never share a
// name, and focus returns to what opened it.
import { useEffect, useId, useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

interface ModalDialogProps {
  title: string
  /** Escape, or a button of the caller's: the caller stops rendering the dialog. */
  onClose: () => void
  /** The body and the buttons. */
  children: ReactNode
  className?: string
}

export function ModalDialog({ title, onClose, children, className }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    // What opened the dialog gets focus back once it is gone (Escape, Cancel or confirm).
    const opener = document.activeElement
    if (dialog && !dialog.open) dialog.showModal()
    return () => {
      if (dialog?.open) dialog.close()
      if (opener instanceof HTMLElement) opener.focus()
    }
  }, [])
  // On <body>: opened from a table cell or the header, it must not inherit the cell's alignment and wrapping.
  return createPortal(
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: let React unmount the dialog rather than the browser closing it behind our back.
        event.preventDefault()
        onClose()
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>,
    document.body,
  )
}
