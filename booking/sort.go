package booking

import "slices"

func sortSlots(slots []expandedSlot) {
	slices.SortStableFunc(slots, func(a, b expandedSlot) int { return a.Start.Compare(b.Start) })
}
