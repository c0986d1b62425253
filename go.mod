module github.com/elac/bitacora

go 1.26.8
