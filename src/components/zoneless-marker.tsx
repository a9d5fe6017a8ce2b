// The mark beside a time Codat sent without a zone: read as UTC, which may be off by hours.
import './zoneless-marker.css'

export const ZONELESS_LABEL = 'No zone given; read as UTC'

export function ZonelessMarker() {
  return (
    <span
      className="zoneless"
      role="img"
      aria-label={ZONELESS_LABEL}
      title="Codat sent this time without a zone. It is read and shown as UTC, and may be off by the business’s offset from UTC."
    >
      no zone
    </span>
  )
}
