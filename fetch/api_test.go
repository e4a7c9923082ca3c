package fetch

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

func TestBadRevIDs(t *testing.T) {
	for in, want := range map[string][]int64{
		`{"99":{"revid":99,"missing":true},"7":{"revid":7}}`: {7, 99},
		`[{"revid":5,"missing":true}]`:                       {5},
		`null`:                                               nil,
		`"odd"`:                                              nil,
		`{"x":{}}`:                                           nil,
	} {
		got := badRevIDs(json.RawMessage(in))
		slices.Sort(got)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %v, want %v", in, got, want)
		}
	}
}

// TestResolve reads answers written as the API documentation shows them.
func TestResolve(t *testing.T) {
	const answer = `{"batchcomplete":true,"query":{
		"normalized":[{"fromencoded":false,"from":"main_page","to":"Main page"}],
		"redirects":[{"from":"Main page","to":"Main Page"}],
		"interwiki":[{"title":"fr:Paris","iw":"fr"}],
		"pages":[
			{"pageid":15580374,"ns":0,"title":"Main Page","revisions":[{"revid":1,"parentid":0,"timestamp":"2024-01-02T03:04:05Z",
				"slots":{"main":{"contentmodel":"wikitext","contentformat":"text/x-wiki","content":"Hello"}}}],
				"pageprops":{"wikibase_item":"Q5296"}},
			{"ns":0,"title":"Nowhere","missing":true},
			{"title":"A|","invalidreason":"The requested page title contains invalid characters: \"|\".","invalid":true},
			{"ns":-1,"title":"Special:Random","special":true}]}}`
	var resp queryResponse
	if err := json.Unmarshal([]byte(answer), &resp); err != nil {
		t.Fatal(err)
	}
	rq := newRevisionsQuery()
	if err := rq.merge(&resp); err != nil {
		t.Fatal(err)
	}
	r, err := rq.resolve("main_page")
	if err != nil || r.title != "Main Page" || r.pageID != 15580374 || string(r.content) != "Hello" || r.item != "Q5296" || r.timestamp.Year() != 2024 {
		t.Errorf("main_page: %+v, %v", r, err)
	}
	for title, want := range map[string]string{
		"Nowhere":        `"Nowhere": page does not exist`,
		"A|":             `"A|": invalid title: The requested page title contains invalid characters: "|".`,
		"Special:Random": `"Special:Random": invalid title: a special page, not an article`,
		"fr:Paris":       `"fr:Paris": an interwiki title, not a page of this wiki`,
		"Unasked":        `"Unasked": the API did not answer for this title`,
	} {
		if _, err := rq.resolve(title); err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %s", title, err, want)
		}
	}
}
