package transform

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wikipipe/wikipipe/extract"
)

// The checks of issue 3 ("The seed must give"), exactly.

const seedPath = "testdata/corpus/seed/azerbaijan-united-states-relations.txt"

// transformSeed runs the seed through the datasets of pipeline.yaml and
// returns its rows by dataset name.
func transformSeed(t *testing.T) map[string][]Row {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", seedPath))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := New(seedSpecs())
	if err != nil {
		t.Fatal(err)
	}
	a, err := tr.Transform(extract.ParseText(seedPath, data, extract.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", a.Diagnostics)
	}
	byName := map[string][]Row{}
	for i, s := range tr.Schemas() {
		byName[s.Name] = a.Rows[i]
	}
	return byName
}

func date(y int, m time.Month, d int) CivilDate { return CivilDate{Year: y, Month: m, Day: d} }

const seedID = "Azerbaijan–United_States_relations"

func TestSeedVisits(t *testing.T) {
	visits := transformSeed(t)["visits"]
	if len(visits) != 15 {
		t.Fatalf("visits: %d rows, want 15", len(visits))
	}
	// article_id, president, start_date, end_date, visit_type, sources, source_line, source_col
	for _, tc := range []struct {
		n    int
		want Row
	}{
		{1, Row{seedID, "President H.Aliyev", date(1994, 9, 25), date(1994, 9, 30), "working visit", nil, int64(66), int64(1)}},
		{3, Row{seedID, "President H.Aliyev", date(1997, 7, 27), date(1997, 8, 6), "official visit", nil, int64(68), int64(1)}},
		{15, Row{seedID, "President I.Aliyev", date(2025, 8, 7), date(2025, 8, 9), "working visit", nil, int64(80), int64(1)}},
	} {
		if got := visits[tc.n-1]; !equalRow(got, tc.want) {
			t.Errorf("visits row %d:\n got %v\nwant %v", tc.n, got, tc.want)
		}
	}
	singleDay := 0
	for i, r := range visits {
		if r[2] == nil || r[3] == nil {
			t.Errorf("visits row %d: null date: %v", i+1, r)
			continue
		}
		if start, end := r[2].(CivilDate), r[3].(CivilDate); start == end {
			singleDay++
		} else if !start.Time().Before(end.Time()) {
			t.Errorf("visits row %d: start %s after end %s", i+1, start, end)
		}
	}
	if singleDay != 3 { // September 24, 2010; April 1, 2016; September 19, 2017
		t.Errorf("%d single-day visits, want 3", singleDay)
	}
}

func TestSeedParties(t *testing.T) {
	parties := transformSeed(t)["parties"]
	want := []Row{
		{seedID, "Azerbaijan", "Embassy of Azerbaijan, Washington, D.C.", "Ambassador", "Khazar Ibrahim", int64(5), int64(1)},
		{seedID, "USA", "Embassy of the United States, Baku", "Chargé d'affaires", "Amy Carlon", int64(6), int64(1)},
	}
	if len(parties) != len(want) {
		t.Fatalf("parties: %d rows, want %d: %v", len(parties), len(want), parties)
	}
	for i := range want {
		if !equalRow(parties[i], want[i]) {
			t.Errorf("parties row %d:\n got %v\nwant %v", i+1, parties[i], want[i])
		}
	}
}

func TestSeedInfobox(t *testing.T) {
	infobox := transformSeed(t)["infobox"]
	if len(infobox) != 10 {
		t.Fatalf("infobox: %d rows, want 10", len(infobox))
	}
	// article_id, infobox_id, infobox, position, key, param, ordinal, value, …
	byKey := map[string]Row{}
	for _, r := range infobox {
		byKey[r[4].(string)] = r
	}
	for key, want := range map[string][2]Value{
		"Party2":      {"party", int64(2)},
		"Party1":      {"party", int64(1)},
		"Envoytitle2": {"envoytitle", int64(2)},
		"Title":       {"title", nil},
		"Filetype":    {"filetype", nil},
	} {
		r, ok := byKey[key]
		if !ok {
			t.Errorf("no infobox row for %s", key)
			continue
		}
		if r[5] != want[0] || r[6] != want[1] {
			t.Errorf("%s → %v/%v, want %v/%v", key, r[5], r[6], want[0], want[1])
		}
	}
}

func TestSeedSections(t *testing.T) {
	sections := transformSeed(t)["sections"]
	if len(sections) != 12 {
		t.Fatalf("sections: %d rows, want 12", len(sections))
	}
	// article_id, section_id, parent_id, level, position, heading, path, …
	lead := sections[0]
	if lead[1] != LeadID || lead[2] != nil || lead[3] != int64(0) || lead[5] != nil {
		t.Errorf("lead row: %v", lead)
	}
	found := false
	for _, r := range sections {
		if r[1] == "Azerbaijani_presidential_visits_to_the_United_States" {
			found = true
			if r[2] != "High-level_visits" || r[3] != int64(3) ||
				r[6] != "High-level visits / Azerbaijani presidential visits to the United States" {
				t.Errorf("visits section: parent %v, level %v, path %v", r[2], r[3], r[6])
			}
		}
		if r[1] == "Nagorno-Karabakh_conflict" && r[2] != "Contemporary_relations" {
			t.Errorf("Nagorno-Karabakh_conflict: parent %v", r[2])
		}
	}
	if !found {
		t.Error("no section Azerbaijani_presidential_visits_to_the_United_States")
	}
}

func equalRow(a, b Row) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
