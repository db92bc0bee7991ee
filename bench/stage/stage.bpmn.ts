/** The stage as BPMN 2.0: start → parallel split → four department user tasks → parallel join → end. */
export const DEPARTMENT_TASKS = ['ndrcDecision', 'naturalResourcesDecision', 'ecologyDecision', 'housingDecision'];

export const STAGE_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="benchStageDefinitions" targetNamespace="http://yiwang.example/bench">
  <process id="benchStage" isExecutable="true">
    <startEvent id="accepted" />
    <sequenceFlow id="toSplit" sourceRef="accepted" targetRef="split" />
    <parallelGateway id="split" />
${DEPARTMENT_TASKS.map(
  (t) => `    <sequenceFlow id="to_${t}" sourceRef="split" targetRef="${t}" />
    <userTask id="${t}" />
    <sequenceFlow id="from_${t}" sourceRef="${t}" targetRef="join" />`,
).join('\n')}
    <parallelGateway id="join" />
    <sequenceFlow id="toEnd" sourceRef="join" targetRef="completed" />
    <endEvent id="completed" />
  </process>
</definitions>
`;
