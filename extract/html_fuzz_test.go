package extract

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// hFuzzPrefix opens every fuzz input with a style and a script whose text
// must never reach the Document, whatever follows.
const hFuzzPrefix = "<style>stylesecret{}</style><script>scriptsecret()</script>"

func FuzzParseHTML(f *testing.F) {
	for _, name := range []string{"mobileapps_FirstParagraphRelocation-Sharya.html", "mobileapps_Mobile_Michael_Lewis_Infobox.html"} {
		_, data := hReadHTML(f, name)
		f.Add(data)
	}
	for _, s := range []string{
		`<h2>A<p>b<table class="wikitable"><tr><td rowspan="3" colspan="2">x<td>y<tr><th>z</table>`,
		`<table class="infobox"><tr><th colspan=2>T<tr><th>K<td>V<br>W<tr><td colspan=2><table class="infobox"><tr><th>N<td>M</table></table>`,
		`<ul><li>a<ol><li>b<dl><dt>c<dd>d</dl></ol></ul><span id="coordinates"><span class="geo">1; 2</span></span>`,
		`<section data-mw-section-id="1"><h3>H</h3><p>t<sup class="reference">[1]</sup></p></section><svg><style>x</style></svg><math><mi>y</mi></math>`,
		strings.Repeat("<div>", 600) + "deep",
		"\xef\xbb\xbf<table><td rowspan=0>a<td colspan=-1>b<tr><td>c</table><plaintext><p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := append([]byte(hFuzzPrefix), data...)
		doc := ParseHTML("fuzz.html", src, Options{AllTables: len(data)%2 == 0})
		hCheckDoc(t, doc, src, false)
		doc.Walk(func(s *Section) {
			for _, b := range s.Blocks {
				if b.Table != nil {
					hCheckRectangular(t, b.Table)
				}
			}
		})
		js, err := doc.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(js, []byte("stylesecret")) || bytes.Contains(js, []byte("scriptsecret")) {
			t.Fatalf("script or style text in the document:\n%s", js)
		}
	})
}

// BenchmarkExtractHTML reads the 17 files of the html corpus.
func BenchmarkExtractHTML(b *testing.B) {
	paths, all := hCorpusData(b)
	for b.Loop() {
		for i, data := range all {
			ParseHTML(paths[i], data, Options{})
		}
	}
}

// BenchmarkGoqueryParse is goquery's parse of the same files alone: the floor.
func BenchmarkGoqueryParse(b *testing.B) {
	_, all := hCorpusData(b)
	for b.Loop() {
		for _, data := range all {
			if _, err := goquery.NewDocumentFromReader(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// hCorpusData reads the html corpus and sets the benchmark's bytes.
func hCorpusData(b *testing.B) ([]string, [][]byte) {
	paths := hHtmlCorpusFiles(b)
	var all [][]byte
	var n int64
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, data)
		n += int64(len(data))
	}
	b.SetBytes(n)
	return paths, all
}
