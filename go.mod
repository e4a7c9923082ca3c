module github.com/wikipipe/wikipipe

go 1.26
