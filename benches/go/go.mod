module github.com/librns/librns/benches/go

go 1.26.0

require github.com/librns/librns/bindings/go v0.0.0

require golang.org/x/sys v0.49.0

require github.com/vishvananda/netns v0.0.5

replace github.com/librns/librns/bindings/go => ../../bindings/go
