package domain

import (
	"reflect"
	"slices"
	"sync"

	"dangvien/internal/viet"
)

// choiceIndex is a list of choices folded once: folded maps a folded code,
// label or alias to its code; exact maps each code and label as written to
// the same answer, so the usual spellings need no folding at all.
type choiceIndex struct {
	exact, folded map[string]string
}

// choiceIndexes holds the index of each list, keyed by the list's identity.
// The lists are package variables that never change after start-up.
var choiceIndexes sync.Map // uintptr → *choiceIndex

func choiceIndexOf(choices map[string]string) *choiceIndex {
	key := reflect.ValueOf(choices).Pointer()
	if ix, ok := choiceIndexes.Load(key); ok {
		return ix.(*choiceIndex)
	}
	ix := newChoiceIndex(choices)
	choiceIndexes.Store(key, ix)
	return ix
}

// newChoiceIndex gives the answers the label-by-label search gave: an alias
// first, then a code or a label; where two labels fold alike, the smaller
// code wins, so the answer does not depend on map order.
func newChoiceIndex(choices map[string]string) *choiceIndex {
	ix := &choiceIndex{exact: map[string]string{}, folded: map[string]string{}}
	codes := make([]string, 0, len(choices))
	for c := range choices {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range slices.Backward(codes) {
		ix.folded[viet.Fold(choices[c])] = c
	}
	for _, c := range slices.Backward(codes) {
		ix.folded[c] = c // a code wins over another's label
	}
	for alias, c := range choiceAliases {
		if _, in := choices[c]; in {
			ix.folded[alias] = c
		}
	}
	for _, c := range codes {
		for _, v := range []string{c, choices[c]} {
			if code, ok := ix.folded[viet.Fold(v)]; ok {
				ix.exact[v] = code
			}
		}
	}
	return ix
}
