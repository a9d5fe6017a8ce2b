// "Refresh all": asks first, naming the data types already running, then queues the company.
import { useIsMutating } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { refreshMutationKeys, useRefreshAll } from '../../api/refresh-data.ts'
import { ConfirmDialog } from '../../components/confirm-dialog.tsx'
import { feedbackForError, type RefreshFeedback } from './refresh-feedback.tsx'
import { useWaitingSeconds, waitingText } from './use-waiting-seconds.ts'

interface RefreshAllButtonProps {
  companyId: string
  /** Data types in progress now: Codat will not queue them again. */
  runningTypes: readonly string[]
  /** Each data type's latest pull ID now, so the feedback can tell which ones are new. */
  latestPulls: Readonly<Record<string, string>>
  blockedBy?: string
  onSettled: (feedback: RefreshFeedback) => void
}

export function RefreshAllButton({
  companyId,
  runningTypes,
  latestPulls,
  blockedBy,
  onSettled,
}: RefreshAllButtonProps) {
  const mutation = useRefreshAll(companyId)
  const isSending = useRef(false)
  const [isConfirming, setIsConfirming] = useState(false)
  const [shownRunning, setShownRunning] = useState<readonly string[]>([])
  // A single-type refresh in flight would race this one for the same data types.
  const typeRefreshes = useIsMutating({ mutationKey: refreshMutationKeys.dataType(companyId) })

  const waited = useWaitingSeconds(mutation.isPending)
  const canAct = !mutation.isPending && typeRefreshes === 0 && blockedBy === undefined
  const close = () => setIsConfirming(false)
  const send = () => {
    if (isSending.current) return
    isSending.current = true
    // The ones the dialog named: by the time Codat answers, the grid may show the new runs.
    const skipped = [...shownRunning]
    const before = { ...latestPulls }
    mutation.mutate(undefined, {
      onSuccess: () => onSettled({ kind: 'queued-all', skipped, before }),
      onError: (error) => onSettled(feedbackForError(error, 'all data types')),
      onSettled: () => {
        isSending.current = false
      },
    })
  }

  return (
    <>
      <button
        type="button"
        className="primary"
        // Focusable while it cannot act, so keyboard focus stays here after a refresh.
        aria-disabled={!canAct || undefined}
        aria-describedby={blockedBy}
        onClick={() => {
          if (!canAct) return
          setShownRunning(runningTypes)
          setIsConfirming(true)
        }}
      >
        {mutation.isPending ? waitingText('Queuing all…', waited) : 'Refresh all'}
      </button>
      {isConfirming && (
        <ConfirmDialog
          title="Refresh all data types?"
          confirmLabel="Refresh all"
          onCancel={close}
          onConfirm={() => {
            close()
            send()
          }}
        >
          <p>
            Codat will queue every data type set to fetch on first link, on each of this company's
            linked connections. Each pull counts against the company's Codat quota.
          </p>
          {runningTypes.length === 0 ? (
            <p>No data type is running right now, so all of them will be queued.</p>
          ) : (
            <>
              <p>
                Already in progress, so Codat will not queue them again ({runningTypes.length}):
              </p>
              {/* Scrolls past a dozen types: focusable, so a keyboard can scroll it too. */}
              <ul className="running-list" tabIndex={0} aria-label="Data types already in progress">
                {runningTypes.map((type) => (
                  <li key={type} className="mono">
                    {type}
                  </li>
                ))}
              </ul>
            </>
          )}
        </ConfirmDialog>
      )}
    </>
  )
}
