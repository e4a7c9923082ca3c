package extract

// ParseText parses the wiki text export dialect. Placeholder: the text issue replaces it.
func ParseText(path string, data []byte) *Document {
	return &Document{Title: titleFromPath(path), Source: newSource(path, Text, data), Sections: []*Section{{}}}
}
