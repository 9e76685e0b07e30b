module github.com/librns/librns/tests/matrix/go

go 1.22

require github.com/librns/librns/bindings/go v0.0.0

replace github.com/librns/librns/bindings/go => ../../../bindings/go
