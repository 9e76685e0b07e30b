package rns

// SpawnStepName is spawnSteps for the tests of package rns_test.
func SpawnStepName(step int32) (string, bool) {
	name, ok := spawnSteps[step]
	return name, ok
}

// SuffixSaver is Output's prefixSuffixSaver of n bytes, for os/exec's TestPrefixSuffixSaver.
func SuffixSaver(n int) interface {
	Write([]byte) (int, error)
	Bytes() []byte
} {
	return &prefixSuffixSaver{N: n}
}
