// The header's choice of zone for every time on screen: the viewer's own, named, or UTC.
import { useTimeZone, type TimeZoneChoice } from '../components/use-time-zone.ts'

export function TimeZoneSwitch() {
  const { choice, localTimeZone, setChoice } = useTimeZone()
  return (
    <label className="zone-switch">
      <span>Times</span>
      <select
        className="small"
        value={choice}
        onChange={(event) => setChoice(event.target.value as TimeZoneChoice)}
      >
        <option value="local">local ({localTimeZone})</option>
        <option value="utc">UTC</option>
      </select>
    </label>
  )
}
