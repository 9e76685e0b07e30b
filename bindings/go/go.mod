module github.com/librns/librns/bindings/go

go 1.22
