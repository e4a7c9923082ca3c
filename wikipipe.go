// Package wikipipe runs the pipeline that turns Wikipedia articles into typed
// datasets: read → extract → transform → export, as pipeline.yaml declares.
//
// Run connects the stages with bounded channels. Inputs are handed to N
// workers in input order; each worker reads one input, extracts its documents
// and transforms them, sending each article to the input's result slot. One
// sequencer drains the slots in input order (as gofmt's sequencer does), so
// the output never depends on scheduling, and fans each article out to one
// goroutine per output format. Memory is bounded by the worker count and the
// channel sizes, not by the number or size of the inputs; a dump streams page
// by page. The first fatal error cancels the rest and nothing is committed.
package wikipipe

// Version is the tool's version, recorded in every run report.
const Version = "0.1.0"
