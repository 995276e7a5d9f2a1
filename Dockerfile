# syntax=docker/dockerfile:1
# lpu: one static binary (server and command line) in an empty image,
# run as an unprivileged user. The rules are embedded; --rules DIR (a
# mounted volume) overlays others, reloaded on SIGHUP.
#
#   docker build -t lpu .
#   docker run --rm -p 8080:8080 lpu
#   docker run --rm -i lpu calcolo < richiesta.json

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download && go mod verify
COPY . .
RUN CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags="-s -w" -o /out/lpu ./cmd/lpu \
 && /out/lpu regole test

FROM scratch
# Europe/Rome comes with the binary (time/tzdata); no CA certificates are
# needed: the server makes no outgoing connection.
COPY --from=build /out/lpu /lpu
USER 65532:65532
ENV LPU_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/lpu"]
CMD ["serve"]
