package spec

import (
	"fmt"
	"strconv"
)

func fmtSscanf(s, format string, args ...any) (int, error) { return fmt.Sscanf(s, format, args...) }

func fmtInt(i int) string { return strconv.Itoa(i) }
