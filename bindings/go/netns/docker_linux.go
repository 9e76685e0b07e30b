package netns

// Finding a docker container's first pid, as vishvananda/netns v0.0.5 does (borrowed there
// from docker/utils/utils.go; Apache License 2.0), so GetFromDocker finds the same process
// and fails with the same errors.

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// findCgroupMountpoint gives the cgroup version and mount point holding cgroupType.
func findCgroupMountpoint(cgroupType string) (int, string, error) {
	output, err := os.ReadFile("/proc/mounts")
	if err != nil {
		return -1, "", err
	}
	// /proc/mounts has 6 fields per line, one mount per line, e.g.
	// cgroup /sys/fs/cgroup/devices cgroup rw,relatime,devices 0 0
	for _, line := range strings.Split(string(output), "\n") {
		parts := strings.Split(line, " ")
		if len(parts) == 6 {
			switch parts[2] {
			case "cgroup2":
				return 2, parts[1], nil
			case "cgroup":
				for _, opt := range strings.Split(parts[3], ",") {
					if opt == cgroupType {
						return 1, parts[1], nil
					}
				}
			}
		}
	}
	return -1, "", fmt.Errorf("cgroup mountpoint not found for %s", cgroupType)
}

// getDockerCgroup returns the relative path to the cgroup docker is running in.
func getDockerCgroup(cgroupVer int, cgroupType string) (string, error) {
	dockerpid, err := os.ReadFile("/var/run/docker.pid")
	if err != nil {
		return "", err
	}
	result := strings.Split(string(dockerpid), "\n")
	if len(result) == 0 || len(result[0]) == 0 {
		return "", fmt.Errorf("docker pid not found in /var/run/docker.pid")
	}
	pid, err := strconv.Atoi(result[0])
	if err != nil {
		return "", err
	}
	output, err := os.ReadFile(fmt.Sprintf("/proc/%d/cgroup", pid))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(output), "\n") {
		parts := strings.Split(line, ":")
		if len(parts) < 3 {
			continue // vishvananda/netns indexes parts[1] unchecked and panics here
		}
		// any type used by docker should work
		if (cgroupVer == 1 && parts[1] == cgroupType) || (cgroupVer == 2 && parts[1] == "") {
			return parts[2], nil
		}
	}
	return "", fmt.Errorf("cgroup '%s' not found in /proc/%d/cgroup", cgroupType, pid)
}

// containerPidFiles are the places docker, lxc, kubernetes, nerdctl and finch keep a
// container's pids, in vishvananda/netns's order.
func containerPidFiles(cgroupRoot, cgroupDocker, id, pidFile string) []string {
	return []string{
		filepath.Join(cgroupRoot, cgroupDocker, id, pidFile),
		filepath.Join(cgroupRoot, cgroupDocker, "lxc", id, pidFile),
		filepath.Join(cgroupRoot, cgroupDocker, "docker", id, pidFile),
		filepath.Join(cgroupRoot, "system.slice", "docker-"+id+".scope", pidFile),
		filepath.Join(cgroupRoot, "..", "systemd", "docker", id, pidFile),
		filepath.Join(cgroupRoot, "..", "systemd", "kubepods", "*", "pod*", id, pidFile),
		filepath.Join(cgroupRoot, "..", "systemd", "kubepods", "pod*", id, pidFile),
		filepath.Join(cgroupRoot, cgroupDocker, "kubepods.slice", "*.slice", "*", "docker-"+id+".scope", pidFile),
		filepath.Join(cgroupRoot, cgroupDocker, "kubepods.slice", "*", "docker-"+id+".scope", pidFile),
		filepath.Join(cgroupRoot, "kubepods.slice", "*.slice", "*", "docker-"+id+".scope", pidFile),
		filepath.Join(cgroupRoot, "kubepods.slice", "*", "docker-"+id+".scope", pidFile),
		filepath.Join(cgroupRoot, "system.slice", "nerdctl-"+id+".scope", pidFile),
		filepath.Join(cgroupRoot, "..", "systemd", "finch", id, pidFile),
	}
}

// getPidForContainer returns the first pid in the container whose id starts with id.
func getPidForContainer(id string) (int, error) {
	cgroupType := "memory" // any cgroup used by docker works
	cgroupVer, cgroupRoot, err := findCgroupMountpoint(cgroupType)
	if err != nil {
		return 0, err
	}
	cgroupDocker, err := getDockerCgroup(cgroupVer, cgroupType)
	if err != nil {
		return 0, err
	}
	pidFile := map[int]string{1: "tasks", 2: "cgroup.procs"}[cgroupVer]
	var filename string
	for _, attempt := range containerPidFiles(cgroupRoot, cgroupDocker, id+"*", pidFile) {
		filenames, _ := filepath.Glob(attempt)
		if len(filenames) > 1 {
			return 0, fmt.Errorf("Ambiguous id supplied: %v", filenames)
		} else if len(filenames) == 1 {
			filename = filenames[0]
			break
		}
	}
	if filename == "" {
		return 0, fmt.Errorf("Unable to find container: %v", id)
	}
	return firstPid(filename)
}

// firstPid reads the first pid of a cgroup's pid list.
func firstPid(filename string) (int, error) {
	output, err := os.ReadFile(filename)
	if err != nil {
		return 0, err
	}
	result := strings.Split(string(output), "\n")
	if len(result) == 0 || len(result[0]) == 0 {
		return 0, fmt.Errorf("No pid found for container")
	}
	pid, err := strconv.Atoi(result[0])
	if err != nil {
		return pid, fmt.Errorf("Invalid pid '%s': %w", result[0], err)
	}
	return pid, nil
}
