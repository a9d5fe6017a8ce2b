// Companies chosen for a bulk refresh: by ID across the pages of one filter, or "all in this
// filter"; a new filter starts with nothing chosen.
import { functionalUpdate, type RowSelectionState, type Updater } from '@tanstack/react-table'
import { useState } from 'react'
import type { BulkFilter, BulkSelection } from '../../api/bulk-schemas.ts'
import type { FleetSearch } from '../../api/fleet-schemas.ts'

interface Chosen {
  /** The filter the choice was made in. */
  key: string
  ids: RowSelectionState
  isAllInFilter: boolean
}

export function bulkFilterOf({ health, dataType, platform, q }: FleetSearch): BulkFilter {
  const filter: BulkFilter = {}
  if (health !== undefined) filter.health = health
  if (dataType !== undefined) filter.dataType = dataType
  if (platform !== undefined) filter.platform = platform
  if (q !== undefined) filter.q = q
  return filter
}

export function useBulkSelection(search: FleetSearch) {
  const filter = bulkFilterOf(search)
  const key = JSON.stringify(filter)
  const [chosen, setChosen] = useState<Chosen>({ key, ids: {}, isAllInFilter: false })
  // Read against the filter shown now: a choice made in another filter is not this one's.
  const current: Chosen = chosen.key === key ? chosen : { key, ids: {}, isAllInFilter: false }
  const ids = Object.keys(current.ids).filter((id) => current.ids[id])
  const selection: BulkSelection | undefined = current.isAllInFilter
    ? { filter }
    : ids.length > 0
      ? { companyIds: ids }
      : undefined
  return {
    rowSelection: current.ids,
    selected: ids.length,
    isAllInFilter: current.isAllInFilter,
    isFiltered: Object.keys(filter).length > 0,
    selection,
    onRowSelectionChange: (updater: Updater<RowSelectionState>) =>
      setChosen({ key, ids: functionalUpdate(updater, current.ids), isAllInFilter: false }),
    selectAllInFilter: () => setChosen({ key, ids: {}, isAllInFilter: true }),
    clear: () => setChosen({ key, ids: {}, isAllInFilter: false }),
  }
}
