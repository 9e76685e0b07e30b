package netns

// Guarded reports whether the calling OS thread holds the lock New or NewNamed took.
var Guarded = guarded
