// Command wikipipe turns Wikipedia articles into typed datasets.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "wikipipe: not built yet")
	os.Exit(2)
}
