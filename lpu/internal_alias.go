package lpu

import "cel.dev/cel-go/interpreter"

type interpreterActivation = interpreter.Activation
