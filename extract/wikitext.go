package extract

// ParseWikitext parses MediaWiki markup. Placeholder: the wikitext issue replaces it.
func ParseWikitext(path string, data []byte, opts Options) *Document {
	return &Document{Title: titleFromPath(path), Source: newSource(path, Wikitext, data), Sections: []*Section{{}}}
}

// isRedirect reports whether wikitext is a #REDIRECT page. Placeholder.
func isRedirect(data []byte) bool { return false }
