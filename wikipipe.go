// Package wikipipe runs the pipeline that turns Wikipedia articles into typed
// datasets: read → extract → transform → export, as pipeline.yaml declares.
//
// Run connects named stages with bounded channels. dispatch lists the input
// files (internal/inputs) and makes one job per file, in input order, and one
// per run of neighbouring fetch inputs (fetch.go: pages of a wiki, fetched in
// series by one Fetcher that serves the fetch jobs in order); each of
// N workers does one job at a time (work: read, extract, transform), sending
// the job's articles to the job's own channel. The sequencer drains the jobs
// in the order dispatch made them (as gofmt's sequencer does), so the output
// never depends on scheduling; it gives every article a unique ID, tallies
// its rows and diagnostics, and fans it out to one writer per output format
// (write). commit stages report.json, whose growing lists internal/spill
// keeps on disk, and renames every output into place. Memory is bounded by
// the worker count and the channel sizes, not by the number or size of the
// inputs; a dump streams page by page. The first fatal error cancels the
// rest and nothing is committed.
package wikipipe

// Version is the tool's version, recorded in every run report.
const Version = "0.1.0"
