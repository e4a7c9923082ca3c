// Package pbzip2 decodes bzip2 on several goroutines with output
// byte-identical to compress/bzip2, for dumps of a whole wiki.
//
// One goroutine splits the input into blocks by their 48-bit magic, found at
// any bit offset as lbzip2 and pbzip2 do; each block is copied into a
// one-block stream of its own (header, block, end magic, and the block's
// CRC as the stream's) that compress/bzip2 decodes on a worker; the blocks
// are handed out in input order. This serves both forms a wiki comes in:
// one stream of many blocks (`bzip2 dump.xml`) and the Wikimedia
// multistream files of many streams, whose stream offsets each Block
// carries (Stream, Range and Shard read streams by offset).
//
// The block magic can also occur inside a block's compressed bits (a 2^-48
// chance at each bit): the two halves then fail to decode and are decoded
// again as one block. An end magic inside a block is told from a real one
// by what follows it (the end of input or another stream's header). Every
// block CRC is checked by compress/bzip2 and every stream's combined CRC
// here.
//
// Memory: about 2×workers blocks are held at once, each at most about
// 2.3 MB compressed and, decoded, 900 kB before bzip2's first run-length
// coding, which can expand a block up to 51 times (46 MB) for runs of one
// byte; dump text stays close to 1×.
package pbzip2
