import { trainingAreaNames, trainingAreas } from '../../../shared/training';

/** The content areas as select options. */
export const areaOptions = trainingAreas.map((a) => ({ value: a, label: trainingAreaNames[a] }));
