//go:build unix

package export

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The crash tests run the test binary again as a child (TestOutputChild)
// that stages and commits a generated output, and kill it at chosen steps
// of the commit or at random instants; the parent then recovers the folder
// and checks that it holds exactly the earlier run's files or exactly the
// new run's, with every checksum of datapackage.json right.

const childEnv = "WIKIPIPE_OUTPUT_CHILD" // mode:dir[:crash step]

// genRun is the output of run ver ("old" or "new"): the files staged one by
// one, the files of the staged jsonld/ folder, and the datapackage.json
// that lists the CSVs' hashes. The new run drops c.csv and adds d.csv.
func genRun(ver string) (files, jsonld map[string]string) {
	names := []string{"a", "b", "c"}
	if ver == "new" {
		names = []string{"a", "b", "d"}
	}
	files = map[string]string{"report.json": `{"run":"` + ver + `"}`}
	type resource struct {
		Path string `json:"path"`
		Hash string `json:"hash"`
	}
	var dp struct {
		Resources []resource `json:"resources"`
	}
	for i, n := range names {
		var b strings.Builder
		b.WriteString("id,run\n")
		for r := range 200 * (i + 1) {
			fmt.Fprintf(&b, "%s%d,%s\n", n, r, ver)
		}
		files["csv/"+n+".csv"] = b.String()
		sum := sha256.Sum256([]byte(b.String()))
		dp.Resources = append(dp.Resources, resource{Path: n + ".csv", Hash: "sha256:" + hex.EncodeToString(sum[:])})
	}
	data, _ := json.Marshal(dp)
	files["csv/datapackage.json"] = string(data)
	jsonld = map[string]string{"Y.jsonld": "{" + ver + "}"}
	if ver == "old" {
		jsonld["X.jsonld"] = "{old}"
	} else {
		jsonld["Z.jsonld"] = "{new}"
	}
	return files, jsonld
}

// stageRun stages run ver in dir.
func stageRun(t testing.TB, dir, ver string) *Output {
	t.Helper()
	files, jsonld := genRun(ver)
	o := stage(t, dir, files)
	temp, err := o.StageDir("jsonld")
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range jsonld {
		if err := os.WriteFile(filepath.Join(temp, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// wantTree is listTree's view of dir after run ver, NOTES.md being a file
// of the user's that every run keeps.
func wantTree(ver string) []string {
	files, jsonld := genRun(ver)
	want := []string{"csv/NOTES.md=mine"}
	for rel, c := range files {
		want = append(want, rel+"="+c)
	}
	for name, c := range jsonld {
		want = append(want, "jsonld/"+name+"="+c)
	}
	slices.Sort(want)
	return want
}

// TestOutputChild is the child of the crash tests; it does nothing unless
// started by one.
func TestOutputChild(t *testing.T) {
	arg := os.Getenv(childEnv)
	if arg == "" {
		t.Skip("run by the crash tests")
	}
	mode, rest, _ := strings.Cut(arg, ":")
	dir, crashAt, _ := strings.Cut(rest, ":")
	n, _ := strconv.Atoi(crashAt)
	steps := 0
	var synced time.Time
	hook := func() {
		switch steps++; {
		case steps == n:
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		case steps == 1 && n == 0: // the data is synced: what follows is the commit proper
			synced = time.Now()
			fmt.Println("synced")
		}
	}
	switch mode {
	case "commit":
		o := stageRun(t, dir, "new")
		commitHook = hook // only the steps of Commit count
		if err := o.Commit(); err != nil {
			t.Fatal(err)
		}
		fmt.Println("done", time.Since(synced).Nanoseconds())
	case "recover":
		commitHook = hook
		if _, err := Recover(dir); err != nil {
			t.Fatal(err)
		}
	case "stage": // killed before the commit
		stageRun(t, dir, "new")
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	case "hold": // holds the lock until its standard input closes
		o := stageRun(t, dir, "new")
		fmt.Println("locked")
		bufio.NewReader(os.Stdin).ReadString('\n')
		o.Abort()
	}
}

// child starts the test binary as a child in mode on dir, with its standard
// output to read.
func child(t *testing.T, mode, dir string, crashAt int) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOutputChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s:%s:%d", childEnv, mode, dir, crashAt))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if mode == "hold" {
		in, err := cmd.StdinPipe() // open until the test ends
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { in.Close() })
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewReader(out)
}

// waitFor reads the child's output up to a line starting with prefix and
// returns that line.
func waitFor(t *testing.T, r *bufio.Reader, prefix string) string {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if strings.HasPrefix(line, prefix) {
			return strings.TrimSpace(line)
		}
		if err != nil {
			t.Fatalf("the child ended before saying %q: %v", prefix, err)
		}
	}
}

// killed reports whether the child ended by SIGKILL; any other failure
// fails the test.
func killed(t *testing.T, cmd *exec.Cmd) bool {
	t.Helper()
	err := cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true
		}
	}
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	return false
}

// oldRun makes a folder holding run "old" and a file of the user's.
func oldRun(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	if err := stageRun(t, dir, "old").Commit(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "csv", "NOTES.md"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkRun recovers dir and checks it holds exactly one run's files, and
// returns which.
func checkRun(t *testing.T, dir string) string {
	t.Helper()
	said, err := Recover(dir)
	if err != nil {
		t.Fatalf("Recover: %v", err)
	}
	got := listTree(t, dir)
	ver := ""
	for _, v := range []string{"old", "new"} {
		if slices.Equal(got, wantTree(v)) {
			ver = v
		}
	}
	if ver == "" {
		t.Fatalf("after recovery (%q) the folder is neither run:\n%q", said, got)
	}
	var dp struct {
		Resources []struct{ Path, Hash string }
	}
	data, err := os.ReadFile(filepath.Join(dir, "csv", "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &dp); err != nil {
		t.Fatal(err)
	}
	for _, r := range dp.Resources {
		csv, err := os.ReadFile(filepath.Join(dir, "csv", r.Path))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(csv); r.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
			t.Errorf("%s: its hash in datapackage.json does not match", r.Path)
		}
	}
	if marker, err := os.ReadFile(filepath.Join(dir, markerName)); err != nil || string(marker) != markerText {
		t.Errorf("marker %q, %v; want %q", marker, err, markerText)
	}
	return ver
}

// TestOutputCrashAtEveryStep kills the commit after each of its steps in
// turn, and for two of the decided states, kills the recovery after each of
// its steps too.
func TestOutputCrashAtEveryStep(t *testing.T) {
	var decided []int // crash points after which the journal is there
	steps := 0
	for k := 1; ; k++ {
		dir := oldRun(t)
		cmd, _ := child(t, "commit", dir, k)
		if !killed(t, cmd) {
			steps = k - 1
			break
		}
		if _, err := os.Lstat(filepath.Join(dir, journalName)); err == nil {
			decided = append(decided, k)
		}
		want := "old" // until the journal is written, then the new run
		if len(decided) > 0 {
			want = "new"
		}
		if ver := checkRun(t, dir); ver != want {
			t.Errorf("killed after step %d: the folder holds the %s run, want the %s run", k, ver, want)
		}
	}
	if steps < 10 || len(decided) < 5 {
		t.Fatalf("%d steps, %d with a journal: the hook is not called where it should be", steps, len(decided))
	}
	t.Logf("%d steps, the journal there after %v", steps, decided)
	for _, k := range []int{decided[0], decided[len(decided)/2]} {
		for j := 1; ; j++ {
			dir := oldRun(t)
			cmd, _ := child(t, "commit", dir, k)
			killed(t, cmd)
			cmd, _ = child(t, "recover", dir, j)
			done := !killed(t, cmd)
			if ver := checkRun(t, dir); ver != "new" {
				t.Errorf("commit killed after step %d, recovery after step %d: the folder holds the old run", k, j)
			}
			if done {
				break
			}
		}
	}
}

// TestOutputCrashAtRandom kills the commit at 20 random instants after the
// staged data is synced (the long step before it changes nothing, and the
// step-by-step test covers it).
func TestOutputCrashAtRandom(t *testing.T) {
	dir := oldRun(t)
	cmd, out := child(t, "commit", dir, 0)
	line := waitFor(t, out, "done ")
	if killed(t, cmd) {
		t.Fatal("the child was killed")
	}
	ns, _ := strconv.ParseInt(strings.TrimPrefix(line, "done "), 10, 64)
	window := 3 * time.Duration(ns) / 2
	t.Logf("a commit takes %v after the sync; killing within %v of it", time.Duration(ns), window)
	seen := map[string]int{}
	for range 20 {
		dir := oldRun(t)
		cmd, out := child(t, "commit", dir, 0)
		waitFor(t, out, "synced")
		time.Sleep(rand.N(window))
		cmd.Process.Kill()
		killed(t, cmd)
		if _, err := os.Lstat(filepath.Join(dir, journalName)); err == nil {
			seen["journal"]++ // killed between the journal and its removal
		}
		seen[checkRun(t, dir)]++
	}
	t.Logf("after 20 kills: %v", seen)
}

// A run killed while it stages leaves temporary files; the next opening of
// the folder removes them and the earlier run is as it was.
func TestOutputKilledWhileStaging(t *testing.T) {
	dir := oldRun(t)
	cmd, _ := child(t, "stage", dir, 0)
	if !killed(t, cmd) {
		t.Fatal("the child was not killed")
	}
	o, err := NewOutput(dir, OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if said := o.Recovered(); !strings.Contains(said, "removed 6 temporary files") {
		t.Errorf("Recovered() = %q, want it to say it removed the 6 staged files", said)
	}
	o.Abort()
	if ver := checkRun(t, dir); ver != "old" {
		t.Errorf("the folder holds the %s run", ver)
	}
}

// A second run, in another process, is refused with the first one's PID
// while the first holds the folder, and gets it once the first is killed.
func TestOutputLockAcrossProcesses(t *testing.T) {
	dir := oldRun(t)
	cmd, out := child(t, "hold", dir, 0)
	waitFor(t, out, "locked")
	before := listTree(t, dir)
	_, err := NewOutput(dir, OutputOptions{})
	var locked *LockedError
	if !errors.As(err, &locked) || locked.PID != cmd.Process.Pid || !errors.Is(err, ErrRefused) {
		t.Fatalf("NewOutput while pid %d holds the folder: %v", cmd.Process.Pid, err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("pid %d", cmd.Process.Pid)) {
		t.Errorf("%q does not name the pid", err)
	}
	if _, err := Recover(dir); !errors.As(err, &locked) {
		t.Errorf("Recover while the folder is held: %v, want a *LockedError", err)
	}
	if got := listTree(t, dir); !slices.Equal(got, before) {
		t.Errorf("the refused run changed the folder:\n%q\nwas\n%q", got, before)
	}
	cmd.Process.Kill()
	killed(t, cmd)
	o, err := NewOutput(dir, OutputOptions{})
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	o.Abort()
	if ver := checkRun(t, dir); ver != "old" {
		t.Errorf("the folder holds the %s run", ver)
	}
}
