# Baton image: the command line, server and worker in one image; the command picks the role.
#   docker build -t baton .
#   docker run --rm baton --help

# --- build: compile and collect the runtime dependencies ----------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
# The cache mount keeps downloaded dependencies between builds (BuildKit, the default builder).
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dmaven.test.skip=true package \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib

# --- run ----------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
# BATON_HOME is where the commands look for examples/ and topics/.
ENV BATON_HOME=/opt/baton
WORKDIR /opt/baton
RUN groupadd --system baton && useradd --system --gid baton --home-dir /opt/baton baton \
    && mkdir -p /var/lib/baton && chown baton:baton /var/lib/baton
# Dependencies first: they change less often than Baton's classes, so the layer is reused.
COPY --from=build /src/target/lib ./lib
COPY --from=build /src/target/classes ./classes
COPY config ./config
COPY topics ./topics
COPY examples ./examples
USER baton
# The HTTP API (GET /workflows/{id}, /health, /metrics).
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/opt/baton/classes:/opt/baton/lib/*", "dev.baton.cli.BatonCli"]
CMD ["--help"]
