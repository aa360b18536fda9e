package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/primed/primed/generator"
	"github.com/primed/primed/generator/analyse"
)

func heap(name string) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println(name, "live MB", ms.HeapAlloc>>20)
	f, _ := os.Create("/tmp/" + name + ".pprof")
	pprof.WriteHeapProfile(f)
	f.Close()
}

func main() {
	if len(os.Args) > 2 {
		f, _ := os.Create("/tmp/cpu.pprof")
		pprof.StartCPUProfile(f)
		_, err := generator.Build(context.Background(), generator.Config{Dir: os.Args[1], Out: os.Args[2], Replace: os.Getenv("REPLACE") != ""})
		pprof.StopCPUProfile()
		if err != nil {
			panic(err)
		}
		return
	}
	f, _ := os.Create("/tmp/cpuload.pprof")
	pprof.StartCPUProfile(f)
	r, err := generator.Check(generator.Config{Dir: os.Args[1]})
	pprof.StopCPUProfile()
	if err != nil {
		panic(err)
	}
	heap("loaded")
	a, err := analyse.Analyse(r, 0)
	if err != nil {
		panic(err)
	}
	heap("analysed")
	runtime.KeepAlive(r)
	runtime.KeepAlive(a)
}
