package export

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The parts of the workbook, as SpreadsheetML (ECMA-376 Part 1, §18) in the
// element order the schema prescribes. Only what the workbook uses is
// written: five cell styles (xlsxStyle*), inline strings (so that no shared
// string table has to be held in memory), a frozen header with a filter.

const xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// Cell styles, indexes into cellXfs of xlsxStylesXML.
const (
	xlsxStyleHeader  = "1" // bold
	xlsxStyleDate    = "2" // yyyy-mm-dd
	xlsxStylePercent = "3" // 0.00%, Excel's built-in format 10
	xlsxStyleTime    = "4" // yyyy-mm-dd hh:mm:ss
)

const xlsxStylesXML = xmlDecl + `<styleSheet xmlns="` + nsMain + `">` +
	`<numFmts count="2"><numFmt numFmtId="164" formatCode="` + xlsxDateFormat + `"/>` +
	`<numFmt numFmtId="165" formatCode="` + xlsxTimeFormat + `"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

const xlsxRootRelsXML = xmlDecl + `<Relationships xmlns="` + nsPkg + `">` +
	`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="` + nsPkg + `/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + nsRel + `/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

// The document properties are fixed, so that the same data gives the same bytes.
const xlsxCoreXML = xmlDecl + `<cp:coreProperties` +
	` xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
	` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
	` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
	`<dc:title>wikipipe datasets</dc:title><dc:creator>wikipipe</dc:creator><cp:lastModifiedBy>wikipipe</cp:lastModifiedBy>` +
	`<dcterms:created xsi:type="dcterms:W3CDTF">` + xlsxEpoch + `</dcterms:created>` +
	`<dcterms:modified xsi:type="dcterms:W3CDTF">` + xlsxEpoch + `</dcterms:modified>` +
	`</cp:coreProperties>`

const xlsxAppXML = xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>wikipipe</Application></Properties>`

// xlsxEpoch dates the document properties.
const xlsxEpoch = "1980-01-01T00:00:00Z"

// sheetPart is one worksheet of the workbook as the index parts name it.
type sheetPart struct {
	name string
	cols int // 0 for the empty sheet of a run without datasets
	rows int // data rows, under the header
}

func sheetPath(i int) string { return fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1) }

func xlsxContentTypesXML(sheets []sheetPart) []byte {
	b := []byte(xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	for i := range sheets {
		b = fmt.Appendf(b, `<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, sheetPath(i))
	}
	return append(b, `</Types>`...)
}

func xlsxWorkbookRelsXML(sheets []sheetPart) []byte {
	b := []byte(xmlDecl + `<Relationships xmlns="` + nsPkg + `">`)
	for i := range sheets {
		b = fmt.Appendf(b, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, nsRel, i+1)
	}
	b = fmt.Appendf(b, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>`, len(sheets)+1, nsRel)
	return append(b, `</Relationships>`...)
}

// xlsxWorkbookXML lists the sheets, the first one active, and names each
// sheet's filter range as Excel does (_xlnm._FilterDatabase).
func xlsxWorkbookXML(sheets []sheetPart) []byte {
	b := []byte(xmlDecl + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range sheets {
		b = append(b, `<sheet name="`...)
		b = appendXMLText(b, s.name, true)
		b = fmt.Appendf(b, `" sheetId="%d" r:id="rId%d"/>`, i+1, i+1)
	}
	b = append(b, `</sheets>`...)
	filters := false
	for i, s := range sheets {
		if s.cols == 0 {
			continue
		}
		if !filters {
			b = append(b, `<definedNames>`...)
			filters = true
		}
		b = fmt.Appendf(b, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">`, i)
		ref := "'" + strings.ReplaceAll(s.name, "'", "''") + "'!$A$1:$" + columnName(s.cols-1) + "$" + strconv.Itoa(s.rows+1)
		b = appendXMLText(b, ref, false)
		b = append(b, `</definedName>`...)
	}
	if filters {
		b = append(b, `</definedNames>`...)
	}
	return append(b, `</workbook>`...)
}

// xlsxSheetHead is a worksheet's XML up to and including its header row:
// the used range, the frozen first row, the column widths.
func xlsxSheetHead(s sheetPart, first bool, widths []float64, header []string) []byte {
	b := []byte(xmlDecl + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	if s.cols == 0 {
		return append(b, `<sheetData>`...)
	}
	b = fmt.Appendf(b, `<dimension ref="A1:%s%d"/><sheetViews><sheetView`, columnName(s.cols-1), s.rows+1)
	if first {
		b = append(b, ` tabSelected="1"`...)
	}
	b = append(b, ` workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><cols>`...)
	for j, w := range widths {
		b = fmt.Appendf(b, `<col min="%d" max="%d" width="%g" customWidth="1"/>`, j+1, j+1, w)
	}
	b = append(b, `</cols><sheetData><row r="1">`...)
	for j, name := range header {
		b = append(b, `<c r="`...)
		b = append(b, columnName(j)...)
		b = append(b, `1" s="`+xlsxStyleHeader+`" t="inlineStr">`...)
		b = appendInlineString(b, name)
		b = append(b, `</c>`...)
	}
	return append(b, `</row>`...)
}

// xlsxSheetTail ends a worksheet after its last row, with the filter over
// the header and every data row.
func xlsxSheetTail(s sheetPart) []byte {
	b := []byte(`</sheetData>`)
	if s.cols > 0 {
		b = fmt.Appendf(b, `<autoFilter ref="A1:%s%d"/>`, columnName(s.cols-1), s.rows+1)
	}
	return append(b, `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`...)
}

// columnName is the letters of the 0-based column j: A…Z, AA…
func columnName(j int) string {
	var b [8]byte
	i := len(b)
	for j++; j > 0; j = (j - 1) / 26 {
		i--
		b[i] = byte('A' + (j-1)%26)
	}
	return string(b[i:])
}

// appendInlineString appends <is><t>s</t></is>, keeping leading and
// trailing white space.
func appendInlineString(b []byte, s string) []byte {
	if s != "" && (isXMLSpace(s[0]) || isXMLSpace(s[len(s)-1])) {
		b = append(b, `<is><t xml:space="preserve">`...)
	} else {
		b = append(b, `<is><t>`...)
	}
	b = appendXMLText(b, s, false)
	return append(b, `</t></is>`...)
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// appendXMLText appends s escaped for XML text (or, with attr, an attribute
// value in double quotes). What XML 1.0 cannot carry is written the way
// SpreadsheetML escapes it, as _xHHHH_ (the UTF-16 unit in hex): the control
// characters other than tab and newline, and U+FFFE and U+FFFF. A literal
// "_xHHHH" in the text gets its underscore escaped (_x005F_), so that readers
// do not decode it, whatever follows it (an escape written next would close
// it). A carriage return is a character reference, which XML
// parsers keep (a raw one they turn into a newline). Invalid UTF-8 becomes
// U+FFFD.
func appendXMLText(b []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); {
		start := i
		for i < len(s) && xmlPlain[s[i]] {
			i++
		}
		b = append(b, s[start:i]...)
		if i == len(s) {
			break
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				b = utf8.AppendRune(b, utf8.RuneError)
			case r == 0xFFFE || r == 0xFFFF:
				b = fmt.Appendf(b, "_x%04X_", r)
			default:
				b = append(b, s[i:i+n]...)
			}
			i += n
			continue
		}
		switch {
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '<':
			b = append(b, "&lt;"...)
		case c == '>':
			b = append(b, "&gt;"...)
		case c == '"' && attr:
			b = append(b, "&quot;"...)
		case c == '\r':
			b = append(b, "&#13;"...)
		case (c == '\t' || c == '\n') && attr:
			b = fmt.Appendf(b, "&#%d;", c)
		case c < 0x20 && c != '\t' && c != '\n':
			b = fmt.Appendf(b, "_x%04X_", c)
		case c == '_' && isEscapeSequence(s[i:]):
			b = append(b, "_x005F_"...)
		default:
			b = append(b, c)
		}
		i++
	}
	return b
}

// xmlPlain marks the bytes appendXMLText copies as they are: printable
// ASCII but for the markup characters and the _ that may start an escape.
var xmlPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`&<>"_`, rune(c))
	}
	return t
}()

// isEscapeSequence reports whether s starts with _xHHHH, the start of an
// escape.
func isEscapeSequence(s string) bool {
	if len(s) < 6 || s[1] != 'x' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
