package extract

// ParseHTML parses Wikipedia HTML. Placeholder: the html issue replaces it.
func ParseHTML(path string, data []byte, opts Options) *Document {
	return &Document{Title: titleFromPath(path), Source: newSource(path, HTML, data), Sections: []*Section{{}}}
}
