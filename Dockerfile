# Baton image: the command line, server and worker in one image; the command picks the role.
# The benchmark (baton-bench) is not in it.
#   docker build -t baton .
#   docker run --rm baton --help

# --- build: compile and collect the runtime dependencies of the command line -------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY baton-protocol ./baton-protocol
COPY baton-engine ./baton-engine
COPY baton-server ./baton-server
COPY baton-worker ./baton-worker
COPY baton-devbroker ./baton-devbroker
COPY baton-cli ./baton-cli
# The cache mount keeps downloaded dependencies between builds (BuildKit, the default builder).
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dmaven.test.skip=true -Dspotless.skip=true -pl baton-cli -am package \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/src/lib \
    && cp baton-cli/target/baton-cli.jar /src/lib/

# --- run ----------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
# BATON_HOME is where the commands look for examples/ and topics/.
ENV BATON_HOME=/opt/baton
WORKDIR /opt/baton
RUN groupadd --system baton && useradd --system --gid baton --home-dir /opt/baton baton \
    && mkdir -p /var/lib/baton && chown baton:baton /var/lib/baton
COPY --from=build /src/lib ./lib
COPY config ./config
COPY topics ./topics
COPY examples ./examples
USER baton
# The HTTP API (GET /workflows/{id}, /health, /metrics).
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/opt/baton/lib/*", "dev.baton.cli.BatonCli"]
CMD ["--help"]
