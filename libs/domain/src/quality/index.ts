// Quality figures (failure Pareto, first-pass yield, retests, sourcing shares) and production weeks: pure maths
// over the counts storage aggregates, so the numbers a quality engineer acts on are unit-tested here.
export * from './failure-analysis.js';
export * from './production-week.js';
export * from './sourcing-share.js';
