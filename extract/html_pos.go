package extract

import (
	"bytes"
	"hash/fnv"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Positions in HTML.
//
// x/net/html keeps no source offsets, so the start tags are read a second
// time with html.Tokenizer (the parser's own tokenizer: the sum of its raw
// token lengths is the byte offset) and matched to the parsed tree's elements
// in document order, by tag name and attributes. The tree builder reorders
// (foster parenting), invents (implied <body>, <tr>) and drops (stray tags)
// elements, so a match is searched within a window of the next unused tags
// rather than strictly in step. An element with no matching tag, one the
// parser made up, takes the position of its nearest located ancestor: the
// honest answer is "it starts somewhere inside that element".

// hPositioned are the elements whose start tags are located: those the
// Document reports and the containers that give a fallback position.
var hPositioned = map[atom.Atom]bool{
	atom.Body: true, atom.Section: true, atom.Div: true, atom.Table: true, atom.Caption: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.P: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Span: true,
}

// hMatchWindow is how many unused start tags ahead an element's tag is looked for.
const hMatchWindow = 64

type hStartTag struct {
	name  atom.Atom
	attrs uint64 // hash of the attributes, as the parser copies them to the node
	pos   Pos
	used  bool
}

// hPosCounter turns increasing byte offsets into positions in one pass, so
// that a page on a single long line costs linear time.
type hPosCounter struct {
	data           []byte
	off, line, col int
}

func (c *hPosCounter) at(off int) Pos {
	seg := c.data[c.off:off]
	if nl := bytes.LastIndexByte(seg, '\n'); nl >= 0 {
		c.line += bytes.Count(seg, []byte{'\n'})
		c.col = 1 + utf8.RuneCount(seg[nl+1:])
	} else {
		c.col += utf8.RuneCount(seg)
	}
	c.off = off
	return Pos{Line: c.line, Col: c.col, Offset: off}
}

// hStartTags lists the hPositioned start tags of data in source order.
func hStartTags(data []byte) []hStartTag {
	var tags []hStartTag
	pc := hPosCounter{data: data, line: 1, col: 1}
	z := html.NewTokenizer(bytes.NewReader(data))
	foreign := 0 // depth inside <svg>/<math>, where the parser reads raw-text tags as markup
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return tags
		}
		start := off
		off += len(z.Raw())
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if a == atom.Svg || a == atom.Math {
			switch {
			case tt == html.StartTagToken:
				foreign++
			case tt == html.EndTagToken && foreign > 0:
				foreign--
			}
		}
		z.AllowCDATA(foreign > 0)
		if tt == html.EndTagToken {
			continue
		}
		if foreign > 0 {
			z.NextIsNotRawText()
		}
		if !hPositioned[a] {
			continue
		}
		h := fnv.New64a()
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			h.Write(k)
			h.Write([]byte{0})
			h.Write(v)
			h.Write([]byte{0})
		}
		tags = append(tags, hStartTag{name: a, attrs: h.Sum64(), pos: pc.at(start)})
	}
}

func hAttrHash(n *html.Node) uint64 {
	h := fnv.New64a()
	for _, a := range n.Attr {
		h.Write([]byte(a.Key))
		h.Write([]byte{0})
		h.Write([]byte(a.Val))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// hNodePositions matches the hPositioned elements under root to the start tags
// of data (see the comment at the top of this file).
func hNodePositions(root *html.Node, data []byte) map[*html.Node]Pos {
	tags := hStartTags(data)
	at := make(map[*html.Node]Pos, len(tags))
	cursor := 0 // the first unused tag
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for ; n != nil; n = n.NextSibling {
			if n.Type == html.ElementNode && hPositioned[n.DataAtom] {
				h := hAttrHash(n)
				for i := cursor; i < len(tags) && i < cursor+hMatchWindow; i++ {
					t := &tags[i]
					if t.used || t.name != n.DataAtom || t.attrs != h {
						continue
					}
					t.used = true
					at[n] = t.pos
					// Tags the parser dropped would pin the cursor: leave
					// them behind once the matches have moved well past.
					cursor = max(cursor, i-hMatchWindow/2)
					for cursor < len(tags) && tags[cursor].used {
						cursor++
					}
					break
				}
			}
			walk(n.FirstChild)
		}
	}
	walk(root)
	return at
}

// hFlattenDepth is how deep hFlatten lets tags nest. It counts as the source
// does, every unclosed start tag a level; the parser adds implied elements
// (a <table><td> opens four), so it stays well under x/net/html's 512.
const hFlattenDepth = 100

// hVoid are the elements without an end tag.
var hVoid = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true, atom.Param: true, atom.Keygen: true,
}

// hFlatten returns data without the start and end tags nested deeper than
// limit; all the rest, text included, is kept byte for byte.
func hFlatten(data []byte, limit int) []byte {
	out := make([]byte, 0, len(data))
	z := html.NewTokenizer(bytes.NewReader(data))
	depth := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		n := len(out)
		out = append(out, z.Raw()...) // before TagName, which lowercases in place
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if !hVoid[atom.Lookup(name)] {
				depth++
			}
			if depth > limit {
				out = out[:n]
			}
		case html.EndTagToken:
			depth = max(depth-1, 0)
			if depth >= limit {
				out = out[:n]
			}
		}
	}
}
