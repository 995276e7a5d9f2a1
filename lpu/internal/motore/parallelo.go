package motore

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
)

// InParallelo runs fn(0), …, fn(n-1) on GOMAXPROCS goroutines and
// returns when all are done. The heaviest jobs (by peso) start first, so
// that on few cores a big one does not start last and run alone.
func InParallelo(n int, peso func(int) int, fn func(int)) {
	ordine := make([]int, n)
	for i := range ordine {
		ordine[i] = i
	}
	sort.SliceStable(ordine, func(a, b int) bool { return peso(ordine[a]) > peso(ordine[b]) })
	var (
		wg   sync.WaitGroup
		next atomic.Int32
	)
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				fn(ordine[k])
			}
		}()
	}
	wg.Wait()
}
