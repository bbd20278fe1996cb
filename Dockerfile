# One multi-stage build for every service: docker build --build-arg MODULE=router-service -t tributary/router-service .
# Build stage: the module and what it depends on, tests skipped (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN test -n "$MODULE" || (echo "pass --build-arg MODULE=<capture-service|router-service|webhook-dispatcher|sync-worker|console>" && false) \
 && mvn -B -q -ntp -DskipTests -pl "$MODULE" -am package \
 && cp "$MODULE"/target/*-exec.jar /app.jar

# Runtime stage: a JRE, curl for the health check, an unprivileged user.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 tributary
COPY --from=build /app.jar /opt/tributary/app.jar
USER 10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/opt/tributary/app.jar"]
