// The Parquet writer: out/parquet/<dataset>.parquet through arrow-go's pqarrow.
//
// Types: date → DATE32, int and year → INT64, float and percent → DOUBLE,
// bool → BOOLEAN, timestamp → TIMESTAMP(MICROS, isAdjustedToUTC=true), string
// → STRING (UTF8), dictionary-encoded; a column is
// OPTIONAL exactly when its schema says nullable, and a null in a column that
// is not nullable is an error. Files are zstd-compressed.
//
// Rows are gathered per dataset in Arrow record builders and written as one
// row group per batch. A batch ends at parquetBatchRows rows, or sooner when
// the batches of all datasets together pass parquetPendingBytes: then the
// largest is written. So memory is bounded by parquetPendingBytes, not by the
// data nor the number of datasets, and the datasets that grow fastest get row
// groups of a few MiB each.
//
// Metadata: the file's key-value metadata holds wikipipe.dataset,
// wikipipe.description and wikipipe.schema (the dataset's schema as JSON,
// which keeps the wikipipe types that Parquet folds: year, percent), plus
// ARROW:schema; each Arrow field carries "description" (when set) and
// "wikipipe.type" as field metadata.
//
// Determinism: nothing in the file depends on time; created_by is the
// library's fixed "parquet-go version <v>" string of the pinned arrow-go.
//
// Compression: arrow-go keeps its zstd encoders in a sync.Pool with an 8 MiB
// window, so every few garbage collections it drops one and allocates another
// 16 MiB history; zstdPageCodec replaces it with one encoder that lives as
// long as the process, with a window the size of a page.

package export

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/klauspost/compress/zstd"

	"github.com/wikipipe/wikipipe/transform"
)

// The batch bounds are variables so that tests can lower them. The metadata
// of every row group is kept for the footer until the file is closed, so row
// groups must not be small; the batches are what a run holds of the rows, so
// their sum is bounded.
var (
	parquetBatchRows    = 64 << 10
	parquetPendingBytes = 16 << 20
)

// zstdWindow bounds the zstd history. A page is compressed on its own and
// arrow-go cuts data and dictionary pages at 1 MiB, so a longer window finds
// no more matches.
const zstdWindow = 1 << 20

// parquetMaxStatsBytes is the longest min or max a column chunk's statistics
// keep; a longer one is left out (the null count stays). Every row group's
// statistics stay in memory until the footer is written, and the min and max
// of long text, which no reader filters on, were most of a footer: a third of
// it in a run of 200,000 articles.
const parquetMaxStatsBytes = 128

func init() {
	lib, err := compress.GetCodec(compress.Codecs.Zstd)
	if err != nil {
		panic(fmt.Sprintf("export: parquet: %v", err))
	}
	enc, err := zstd.NewWriter(nil, zstd.WithWindowSize(zstdWindow), zstd.WithEncoderConcurrency(1),
		zstd.WithZeroFrames(true), zstd.WithAllLitEntropyCompression(true))
	if err != nil {
		panic(fmt.Sprintf("export: parquet: zstd: %v", err))
	}
	compress.RegisterCodec(compress.Codecs.Zstd, zstdPageCodec{lib.(zstdCodec), enc})
}

// zstdCodec is what arrow-go's readers and writers expect of a codec.
type zstdCodec interface {
	compress.ErrorCodec
	compress.StreamingCodec
}

// zstdPageCodec compresses pages at the default level with one long-lived
// encoder; decoding, streams and other levels stay with the library's codec.
type zstdPageCodec struct {
	zstdCodec
	enc *zstd.Encoder
}

func (c zstdPageCodec) Encode(dst, src []byte) []byte { return c.enc.EncodeAll(src, dst[:0]) }

func (c zstdPageCodec) EncodeLevel(dst, src []byte, level int) []byte {
	if level != compress.DefaultCompressionLevel {
		return c.zstdCodec.EncodeLevel(dst, src, level)
	}
	return c.enc.EncodeAll(src, dst[:0])
}

type parquetWriter struct {
	files   []*parquetFile
	pending int // bytes in the batches of all files
}

// parquetFile is one dataset's file and its pending batch.
type parquetFile struct {
	schema  *transform.Schema
	path    string // final path, for messages
	out     *os.File
	fw      *pqarrow.FileWriter
	b       *array.RecordBuilder
	pending int // rows in the batch
	bytes   int // about the memory the batch holds
	rows    int // rows written before the batch
}

func newParquetWriter(out *Output, schemas []transform.Schema, opts Options) (Writer, error) {
	w := &parquetWriter{}
	for i := range schemas {
		pf, err := newParquetFile(out, &schemas[i])
		if err != nil {
			w.release()
			return nil, err
		}
		w.files = append(w.files, pf)
	}
	return w, nil
}

func newParquetFile(out *Output, s *transform.Schema) (*parquetFile, error) {
	as, err := arrowSchema(s)
	if err != nil {
		return nil, fmt.Errorf("export: parquet: %s: %w", s.Name, err)
	}
	rel := "parquet/" + s.Name + ".parquet"
	f, err := out.Create(rel)
	if err != nil {
		return nil, err
	}
	props := []parquet.WriterProperty{
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithDictionaryDefault(false),
		parquet.WithMaxRowGroupLength(int64(parquetBatchRows)),
		parquet.WithMaxStatsSize(parquetMaxStatsBytes),
	}
	for _, c := range s.Columns {
		if c.Type == transform.String {
			props = append(props, parquet.WithDictionaryFor(c.Name, true))
		}
	}
	fw, err := pqarrow.NewFileWriter(as, f, parquet.NewWriterProperties(props...),
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("export: parquet: %s: %w", s.Name, err)
	}
	return &parquetFile{schema: s, path: filepath.Join(out.Dir(), filepath.FromSlash(rel)), out: f, fw: fw,
		b: array.NewRecordBuilder(memory.DefaultAllocator, as)}, nil
}

// parquetTimestamp is the Arrow type of timestamp columns: microseconds in
// UTC, which every Parquet reader takes (nanoseconds need format 2.6).
var parquetTimestamp = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}

// arrowSchema maps a dataset schema to Arrow, with its descriptions as metadata.
func arrowSchema(s *transform.Schema) (*arrow.Schema, error) {
	fields := make([]arrow.Field, len(s.Columns))
	for i, c := range s.Columns {
		var t arrow.DataType
		switch c.Type {
		case transform.String:
			t = arrow.BinaryTypes.String
		case transform.Int, transform.Year:
			t = arrow.PrimitiveTypes.Int64
		case transform.Float, transform.Percent:
			t = arrow.PrimitiveTypes.Float64
		case transform.Bool:
			t = arrow.FixedWidthTypes.Boolean
		case transform.Date:
			t = arrow.FixedWidthTypes.Date32
		case transform.Timestamp:
			// A zone makes pqarrow write TIMESTAMP(MICROS, isAdjustedToUTC=true).
			t = parquetTimestamp
		default:
			return nil, fmt.Errorf("column %s: unknown type %q", c.Name, c.Type)
		}
		keys, values := []string{"wikipipe.type"}, []string{string(c.Type)}
		if c.Description != "" {
			keys, values = append([]string{"description"}, keys...), append([]string{c.Description}, values...)
		}
		md := arrow.NewMetadata(keys, values)
		fields[i] = arrow.Field{Name: c.Name, Type: t, Nullable: c.Nullable, Metadata: md}
	}
	js, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	md := arrow.NewMetadata(
		[]string{"wikipipe.dataset", "wikipipe.description", "wikipipe.schema"},
		[]string{s.Name, s.Description, string(js)})
	return arrow.NewSchema(fields, &md), nil
}

// Write appends the article's rows to each dataset's batch, writing the
// batches that are full.
func (w *parquetWriter) Write(a *transform.Article) error {
	for i, rows := range a.Rows {
		pf := w.files[i]
		for _, r := range rows {
			before := pf.bytes
			pf.append(r)
			w.pending += pf.bytes - before
			if pf.pending >= parquetBatchRows {
				if err := w.flush(pf); err != nil {
					return err
				}
			}
			if w.pending >= parquetPendingBytes {
				if err := w.flush(w.largest()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// largest returns the file whose batch holds the most bytes, the first of
// equals.
func (w *parquetWriter) largest() *parquetFile {
	big := w.files[0]
	for _, pf := range w.files[1:] {
		if pf.bytes > big.bytes {
			big = pf
		}
	}
	return big
}

// flush writes pf's batch, which leaves the pending bytes.
func (w *parquetWriter) flush(pf *parquetFile) error {
	n := pf.bytes
	if err := pf.flush(); err != nil {
		return err
	}
	w.pending -= n
	return nil
}

// append adds a checked row (check.go) to the batch.
func (pf *parquetFile) append(r transform.Row) {
	for j, v := range r {
		fb := pf.b.Field(j)
		pf.bytes += 8 // the value, or a string's offset and a margin
		switch v := v.(type) {
		case nil:
			fb.AppendNull()
		case string:
			fb.(*array.StringBuilder).Append(v)
			pf.bytes += len(v)
		case int64:
			fb.(*array.Int64Builder).Append(v)
		case float64:
			fb.(*array.Float64Builder).Append(v)
		case bool:
			fb.(*array.BooleanBuilder).Append(v)
		case transform.CivilDate:
			fb.(*array.Date32Builder).Append(arrow.Date32(v.DaysSinceEpoch()))
		case time.Time:
			fb.(*array.TimestampBuilder).Append(arrow.Timestamp(v.UnixMicro()))
		}
	}
	pf.pending++
}

// flush writes the pending batch as one row group.
func (pf *parquetFile) flush() error {
	if pf.pending == 0 {
		return nil
	}
	rec := pf.b.NewRecordBatch()
	defer rec.Release()
	if err := pf.fw.Write(rec); err != nil {
		return fmt.Errorf("export: parquet: %s: %w", pf.path, err)
	}
	pf.rows += pf.pending
	pf.pending, pf.bytes = 0, 0
	return nil
}

// Close writes the last batches and the files' footers.
func (w *parquetWriter) Close() error {
	defer w.release()
	for _, pf := range w.files {
		if err := w.flush(pf); err != nil {
			return err
		}
		// Closing the pqarrow writer closes the staged file too.
		if err := pf.fw.Close(); err != nil {
			return fmt.Errorf("export: parquet: %s: %w", pf.path, err)
		}
	}
	return nil
}

func (w *parquetWriter) release() {
	for _, pf := range w.files {
		pf.b.Release()
	}
}
