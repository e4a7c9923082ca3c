package diag

import (
	"fmt"
	"slices"
	"strings"
)

// Code names the kind of a diagnostic: short, stable across releases, and
// what --allow and strict_allow: select. Every constant below is a row of
// docs/WARNINGS.md (TestCodesMatchDocs holds the two together); code
// elsewhere uses the constants, never a literal.
type Code string

// The codes of warnings. A new kind of warning is a new constant here and a
// new row in docs/WARNINGS.md.
const (
	NoTitle          Code = "W-no-title"          // the input names no title: taken from the file name
	NoFinalNewline   Code = "W-no-final-newline"  // the input does not end in a newline
	Unclosed         Code = "W-unclosed"          // markup opened and never closed (cut input?)
	BadHeading       Code = "W-bad-heading"       // a heading of a level the dialect does not have
	BadInfoboxField  Code = "W-bad-infobox-field" // an infobox line that is not "key: value"
	BadIndent        Code = "W-bad-indent"        // a list item indented oddly
	NulByte          Code = "W-nul-byte"          // a NUL byte in text
	InvalidUTF8      Code = "W-invalid-utf8"      // bytes that are not UTF-8
	Limit            Code = "W-limit"             // a size or depth limit hit: the excess dropped
	MoreWarnings     Code = "W-more-warnings"     // a page's warnings past the first ones, counted
	SpecialFile      Code = "W-special-file"      // an input that is not a regular file
	EmptyPage        Code = "W-empty-page"        // a dump page without revision text
	BadRevisionID    Code = "W-bad-revision-id"   // a dump page's revision id is not a number
	Untitled         Code = "W-untitled"          // an article with no title at all
	DuplicateID      Code = "W-duplicate-id"      // two articles with the same article_id
	BadValue         Code = "W-bad-value"         // a declared column's cell that does not parse: null
	ErrBadValue      Code = "E-bad-value"         // BadValue under on_error: fail
	MissingColumn    Code = "W-missing-column"    // a declared column's table column missing: null
	ErrMissingColumn Code = "E-missing-column"    // MissingColumn under on_error: fail
	XLSXCell         Code = "W-xlsx-cell"         // a value a workbook cell cannot hold as it is
	XLSXRows         Code = "W-xlsx-rows"         // a dataset longer than a sheet
	XLSXSheetName    Code = "W-xlsx-sheet-name"   // a dataset's sheet renamed
	DataPackageName  Code = "W-datapackage-name"  // a dataset name Data Package validators reject
	JSONLDFileName   Code = "W-jsonld-file-name"  // a JSON-LD file renamed for case-insensitive disks
	FetchNoContact   Code = "W-fetch-no-contact"  // fetching without a contact in the User-Agent
	FetchDuplicate   Code = "W-fetch-duplicate"   // a page named twice in the fetch inputs
)

// codes are the constants above, in order.
var codes = []Code{
	NoTitle, NoFinalNewline, Unclosed, BadHeading, BadInfoboxField, BadIndent, NulByte,
	InvalidUTF8, Limit, MoreWarnings, SpecialFile, EmptyPage, BadRevisionID, Untitled,
	DuplicateID, BadValue, ErrBadValue, MissingColumn, ErrMissingColumn, XLSXCell, XLSXRows, XLSXSheetName, DataPackageName,
	JSONLDFileName, FetchNoContact, FetchDuplicate,
}

// errorOf maps the warnings that a setting makes errors to the codes they
// have as errors.
var errorOf = map[Code]Code{BadValue: ErrBadValue, MissingColumn: ErrMissingColumn}

// ErrorOf is the code that warning w has when a setting (on_error: fail)
// makes it an error; w itself if it has none.
func ErrorOf(w Code) Code {
	if e, ok := errorOf[w]; ok {
		return e
	}
	return w
}

// WarningCodes are the codes of warnings (W-…), the ones --allow and
// strict_allow: can select: errors always stop the run.
func WarningCodes() []Code {
	var w []Code
	for _, c := range codes {
		if strings.HasPrefix(string(c), "W-") {
			w = append(w, c)
		}
	}
	return w
}

// ParseWarningCode returns the warning code s names, or an error for an
// unknown code or one of an error.
func ParseWarningCode(s string) (Code, error) {
	c := Code(s)
	if !slices.Contains(WarningCodes(), c) {
		if slices.Contains(codes, c) {
			return "", fmt.Errorf("%s is the code of an error, which always stops the run; only warnings (W-…) can be allowed", s)
		}
		return "", fmt.Errorf("unknown warning code %q (the codes are in docs/WARNINGS.md)", s)
	}
	return c, nil
}
