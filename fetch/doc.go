// Package fetch reads articles from a live MediaWiki wiki through its Action
// API, the way Wikimedia asks clients to behave, and pins what it read.
//
// A Source names pages on one wiki: titles, or a category and a depth
// (ParseURL turns a page or category URL into one). A Fetcher resolves the
// sources to revisions and hands each Page to a callback, in a deterministic
// order (the titles as given, then category members sorted by title) and in
// batches of at most 50, so memory is bounded by one batch, not by the run.
//
// Etiquette: requests to one host go in series, carry a User-Agent naming
// wikipipe, its version and a contact, ask with maxlag=5, and are retried
// with exponential backoff and jitter on network errors, 429, 5xx, the maxlag
// error and truncated bodies, honouring Retry-After.
//
// Reproducibility: a Lock (wikipipe.lock) pins each page to a revision and
// the sha256 of its content; a Cache keeps content by wiki and revision ID,
// so a locked, offline run makes no request at all and a rerun asks the API
// only for titles → revision IDs.
//
// Package fetchtest serves a fake wiki for tests of code that fetches.
package fetch
