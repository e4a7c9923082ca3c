package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// wiki reads which page of which wiki the HTML is: the host from <base href>
// (Parsoid: "//ar.wikipedia.org/wiki/") or <link rel="canonical"> (the
// desktop page), the language from <html lang> or Parsoid's <body lang>,
// the page ID from Parsoid's mw:pageId or the desktop's wgArticleId, and the
// Wikidata item from the desktop's wgWikibaseItemId.
func (p *htmlParser) wiki(gq *goquery.Document) {
	var src Wiki
	for _, sel := range []string{"base[href]", `link[rel="canonical"][href]`} {
		href, _ := gq.Find(sel).First().Attr("href")
		if w, err := ParseWiki(href); err == nil && strings.Contains(href, "/") {
			src.Host = w.Host
			break
		}
	}
	for _, sel := range []string{"html[lang]", "body[lang]"} {
		if lang, _ := gq.Find(sel).First().Attr("lang"); strings.TrimSpace(lang) != "" {
			src.Language = strings.TrimSpace(lang)
			break
		}
	}
	p.doc.Wiki = resolveWiki(src, p.opts)
	if id, ok := gq.Find(`meta[property="mw:pageId"]`).First().Attr("content"); ok {
		p.doc.PageID, _ = strconv.ParseInt(strings.TrimSpace(id), 10, 64)
	}
	for _, script := range gq.Find("script").Nodes {
		if script.FirstChild == nil {
			continue
		}
		js := script.FirstChild.Data
		if p.doc.PageID == 0 {
			if m := hArticleID.FindStringSubmatch(js); m != nil {
				p.doc.PageID, _ = strconv.ParseInt(m[1], 10, 64)
			}
		}
		if m := hWikibaseItem.FindStringSubmatch(js); m != nil {
			p.doc.WikidataItem = m[1]
		}
	}
}

// The desktop page's RLCONF script names the page and its item.
var (
	hArticleID    = regexp.MustCompile(`"wgArticleId":\s*([1-9][0-9]{0,18})\b`)
	hWikibaseItem = regexp.MustCompile(`"wgWikibaseItemId":\s*"(Q[1-9][0-9]{0,18})"`)
)
