package mwindex

import "unicode/utf8"

// near keeps the closest titles seen to one wanted title.
type near struct {
	title []rune
	found bool
	best  []scored // at most closest, by distance, first seen first
	row   []int    // scratch for distance
	runes []rune   // scratch for distance
}

type scored struct {
	dist  int
	title string
}

// offer considers title: the distance is only computed up to the worst one
// kept, so that most of a large index is dismissed by its length alone.
func (n *near) offer(title string) {
	limit := max(3, len(n.title)/2)
	if len(n.best) == closest {
		limit = n.best[closest-1].dist - 1
	}
	d, ok := n.distance(title, limit)
	if !ok {
		return
	}
	i := len(n.best)
	for i > 0 && n.best[i-1].dist > d {
		i--
	}
	n.best = append(n.best[:i], append([]scored{{d, title}}, n.best[i:]...)...)
	if len(n.best) > closest {
		n.best = n.best[:closest]
	}
}

func (n *near) titles() []string {
	var t []string
	for _, s := range n.best {
		t = append(t, s.title)
	}
	return t
}

// distance is the Levenshtein distance in runes between n.title and s, if
// it is at most limit.
func (n *near) distance(s string, limit int) (int, bool) {
	a := n.title
	if limit < 0 || abs(utf8.RuneCountInString(s)-len(a)) > limit {
		return 0, false
	}
	b := n.runes[:0]
	for _, r := range s {
		b = append(b, r)
	}
	n.runes = b
	if cap(n.row) < len(b)+1 {
		n.row = make([]int, len(b)+1)
	}
	row := n.row[:len(b)+1]
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0] // the diagonal
		row[0] = i
		low := row[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur := min(row[j]+1, row[j-1]+1, prev+cost)
			prev, row[j] = row[j], cur
			low = min(low, cur)
		}
		if low > limit {
			return 0, false
		}
	}
	if d := row[len(b)]; d <= limit {
		return d, true
	}
	return 0, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
