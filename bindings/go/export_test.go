package rns

// SpawnStepName is spawnSteps for the tests of package rns_test.
func SpawnStepName(step int32) (string, bool) {
	name, ok := spawnSteps[step]
	return name, ok
}
