#!/usr/bin/env bash
# The quickstart built and run with plain javac and java, no build tool: the processor path is the
# processor, the DSL and JavaPoet; the class path the DSL and the runtime. Uses the jars `mvn install`
# of aestack put in the local Maven repository (or M2_REPO).
set -euo pipefail
cd "$(dirname "$0")"
repo="${M2_REPO:-$HOME/.m2/repository}"
v=0.1.0-SNAPSHOT
dsl="$repo/org/aestack/aestack-dsl/$v/aestack-dsl-$v.jar"
runtime="$repo/org/aestack/aestack-runtime/$v/aestack-runtime-$v.jar"
processor="$repo/org/aestack/aestack-processor/$v/aestack-processor-$v.jar"
javapoet="$repo/com/palantir/javapoet/javapoet/0.22.0/javapoet-0.22.0.jar"
bin="${JAVA_HOME:+$JAVA_HOME/bin/}"

rm -rf target/javac && mkdir -p target/javac/classes target/javac/generated
# -processorpath, not -cp: on JDK 23 and later a processor found only on the class path does not run
"${bin}javac" --release 17 --add-modules jdk.incubator.vector \
    -processorpath "$processor:$dsl:$javapoet" \
    -cp "$dsl:$runtime" \
    -s target/javac/generated -d target/javac/classes \
    src/main/java/com/example/quickstart/*.java
"${bin}java" --add-modules jdk.incubator.vector -cp "target/javac/classes:$dsl:$runtime" \
    com.example.quickstart.Main target/javac/shirt-codes.safetensors
